"""Pieces shared by the readers of tag-delimited formats (``qwen3_xml``, ``glm``, ``kimi``,
``deepseek``): what may precede the first call, a response without calls, and
where a raw-text value ends.

>>> text = "<v>a</v>b</v><k>"
>>> raw_value_end(text, 3, len(text), "</v>", ("<k>",))
9
"""

from __future__ import annotations

import re

from .. import reasons as R
from ..options import ParseOptions
from ..results import Failure
from .read import Read, fail
from .tail import text_answer
from .think import ThinkResult, blank, snippet, split_think, think_tags_in

_SPACE = re.compile(r"\s*")


def skip_space(text: str, pos: int, end: int) -> int:
    """The first non-whitespace position at or after ``pos`` (``end`` at most)."""
    return _SPACE.match(text, pos, end).end()  # type: ignore[union-attr]  # always matches


def open_response(
    text: str, start: int, end: int, opts: ParseOptions, first: int, markers: tuple[str, ...]
) -> ThinkResult:
    """The think block, then what lies between it and the first call marker at ``first``
    (``-1``: none): whitespace only, unless ``allow_surrounding_text``; never a think tag."""
    failure, think, pos = split_think(
        text, start, end, opts, first if first != -1 else end, markers
    )
    if failure is not None or first == -1:
        return failure, think, pos
    if think_tags_in(text, pos, first):
        return (R.MULTIPLE_THINK_BLOCKS, "a think tag outside the think block"), None, pos
    if not opts.allow_surrounding_text and not blank(text, pos, first):
        return (R.LEADING_TEXT, f"text before the calls: {snippet(text, pos, first)}"), None, pos
    return None, think, pos


def no_calls(
    text: str, pos: int, end: int, think: tuple[int, int] | None, markers: tuple[str, ...]
) -> Read:
    """A response without an opening call marker: a text answer, unless it holds another
    of the format's markers (``stray_tag``)."""
    for marker in markers:
        if text.find(marker, pos, end) != -1:
            return fail(R.STRAY_TAG, f"{marker} without the opening call marker")
    return text_answer(text, pos, end, think)


def raw_value_end(text: str, start: int, end: int, close: str, followers: tuple[str, ...]) -> int:
    """Where a raw-text value starting at ``start`` ends: the first ``close`` that is
    followed, after whitespace, by one of ``followers`` (so a value may itself hold
    ``close``); ``-1`` when there is none before ``end`` (the call was cut off)."""
    at = text.find(close, start, end)
    while at != -1:
        after = skip_space(text, at + len(close), end)
        if any(text.startswith(f, after, end) for f in followers):
            return at
        at = text.find(close, at + 1, end)
    return -1


def unclosed(what: str) -> Failure:
    """The failure of a call cut off before its closing marker."""
    return R.UNCLOSED_TOOL_CALL, f"{what} is never closed (the output was cut off?)"
