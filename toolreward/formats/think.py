"""The think block, shared by every format: the rules live here only.

A think block ``<think>...</think>`` may lead the response.  Whether it must
(``"required"``), may (``"optional"``) or must not (``"forbidden"``) is the
``think`` option; each format has its own default (``tool_n1``: required,
every other format: optional).  When present it comes first (after
whitespace), is closed, has content (``toolreward.formats.content``), and
holds no ``<think>`` and none of the format's call markers.  A think tag
anywhere else is out of place: reason ``think_forbidden`` when think is
forbidden, else ``think_after_tool_call``
(or ``multiple_think_blocks`` before the first call), in every format.
"""

from __future__ import annotations

import json
import re

from .. import reasons as R
from ..options import ParseOptions
from ..results import Failure
from ..tags import CLOSE_THINK, OPEN_THINK, THINK_TAGS
from .content import no_content

ThinkResult = tuple["Failure | None", "tuple[int, int] | None", int]
"""``(failure, think_span, body_start)``: the calls region starts at ``body_start``."""

_SPACE = re.compile(r"\s*")
_PAYLOAD_STARTS = "[{`"


def blank(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` is empty or whitespace only."""
    return start >= end or text[start:end].isspace()


def split_think(
    text: str,
    start: int,
    end: int,
    opts: ParseOptions,
    call_open: int | None,
    markers: tuple[str, ...] = (),
    tags: tuple[str, str] = THINK_TAGS,
) -> ThinkResult:
    """Read the think block of ``text[start:end]``.

    ``call_open`` is where the first call marker starts (``end`` when none
    occurs); a think block must start before it.  Formats without call
    markers pass ``None``: their calls start at the first non-blank
    character when it can open a payload (``[``, ``{`` or a fence).
    ``markers`` are the format's call tags, forbidden inside the reasoning.
    ``tags`` are the family's reasoning tags (``<think>``/``</think>``, or
    Mistral's ``[THINK]``/``[/THINK]``).
    """
    OPEN_THINK, CLOSE_THINK = tags
    if call_open is None:
        call_open = _payload_start(text, start, end)
    find = text.find
    mode = opts.think_mode
    if mode == "forbidden":
        if find(OPEN_THINK, start, call_open) != -1 or find(CLOSE_THINK, start, call_open) != -1:
            return (R.THINK_FORBIDDEN, "a think tag appears but think='forbidden'"), None, start
        return None, None, start
    think_open = find(OPEN_THINK, start, call_open)
    if think_open != -1 and (not opts.think_prefilled or blank(text, start, think_open)):
        content_start = think_open + len(OPEN_THINK)
    elif opts.think_prefilled:
        think_open, content_start = start, start
    else:
        # Tags after call_open are judged by the reader, which knows where
        # its payload's strings are: a "<think>" inside an argument is text.
        if find(CLOSE_THINK, start, call_open) != -1:
            reason = R.MISSING_THINK if mode == "required" else R.STRAY_TAG
            detail = (
                "</think> without <think> (use think_prefilled=True if the "
                "chat template opens the think block)"
            )
            return (reason, detail), None, start
        if mode == "required":
            return (R.MISSING_THINK, "no <think> block before the tool call"), None, start
        return None, None, start
    if not opts.allow_surrounding_text and not blank(text, start, think_open):
        return (
            (R.LEADING_TEXT, f"text before <think>: {snippet(text, start, think_open)}"),
            None,
            start,
        )
    if find(CLOSE_THINK, start, think_open) != -1:
        return (R.STRAY_TAG, "</think> before <think>"), None, start
    think_close = find(CLOSE_THINK, content_start, end)
    if think_close == -1:
        if call_open != end:
            return (R.TOOL_CALL_IN_THINK, "a tool call inside an unclosed think block"), None, start
        return (R.UNCLOSED_THINK, "<think> is never closed"), None, start
    if find(OPEN_THINK, content_start, think_close) != -1:
        return (R.NESTED_THINK, "<think> inside the think block"), None, start
    for marker in markers:
        if find(marker, content_start, think_close) != -1:
            detail = f"{marker} inside the think block does not count"
            return (R.TOOL_CALL_IN_THINK, detail), None, start
    if not opts.allow_empty_think and no_content(text, content_start, think_close):
        return (R.EMPTY_THINK, "the think block is empty"), None, start
    return None, (content_start, think_close), think_close + len(CLOSE_THINK)


def _payload_start(text: str, start: int, end: int) -> int:
    """Where the calls of a marker-less format start, or ``end`` if not at the first character."""
    first = _SPACE.match(text, start, end).end()  # type: ignore[union-attr]  # always matches
    return first if first < end and text[first] in _PAYLOAD_STARTS else end


def think_tags_in(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` holds ``<think>`` or ``</think>``."""
    return text.find(OPEN_THINK, start, end) != -1 or text.find(CLOSE_THINK, start, end) != -1


def misplaced_think(opts: ParseOptions, where: str) -> Failure:
    """The failure of a think tag found ``where`` (after or among the calls)."""
    if opts.think_mode == "forbidden":
        return R.THINK_FORBIDDEN, f"a think tag {where} but think='forbidden'"
    return R.THINK_AFTER_TOOL_CALL, f"a think tag {where}"


def snippet(text: str, start: int, end: int) -> str:
    """A short quoted excerpt of ``text[start:end]`` for a detail line."""
    piece = text[start : min(end, start + 40)].strip()
    return json.dumps(piece + ("..." if end - start > 40 else ""), ensure_ascii=False)
