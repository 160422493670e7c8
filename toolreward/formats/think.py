"""The think block, shared by every format: the rules live here only.

A think block ``<think>...</think>`` may lead the response.  Whether it must
(``"required"``), may (``"optional"``) or must not (``"forbidden"``) is the
``think`` option; each format has its own default (``tool_n1``: required,
every other format: optional).  When present it comes first (after
whitespace), is closed, is not blank, and holds no ``<think>`` and none of the
format's call markers.
"""

from __future__ import annotations

import json

from .. import reasons as R
from ..options import ParseOptions

OPEN_THINK, CLOSE_THINK = "<think>", "</think>"

ThinkResult = tuple["str | None", str, "tuple[int, int] | None", int]
"""``(error, detail, think_span, body_start)``: the calls region starts at ``body_start``."""


def blank(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` is empty or whitespace only."""
    return start >= end or text[start:end].isspace()


def split_think(
    text: str,
    start: int,
    end: int,
    opts: ParseOptions,
    mode: str,
    call_open: int,
    markers: tuple[str, ...],
) -> ThinkResult:
    """Read the think block of ``text[start:end]``.

    ``call_open`` is where the first call marker starts (``end`` when the
    format has none or none occurs); a think block must start before it.
    ``markers`` are the format's call tags, forbidden inside the reasoning.
    """
    find = text.find
    if mode == "forbidden":
        if find(OPEN_THINK, start, call_open) != -1 or find(CLOSE_THINK, start, call_open) != -1:
            return (R.THINK_FORBIDDEN, "a think tag appears but think='forbidden'", None, start)
        return (None, "", None, start)
    think_open = find(OPEN_THINK, start, call_open)
    if think_open != -1 and (not opts.think_prefilled or blank(text, start, think_open)):
        content_start = think_open + len(OPEN_THINK)
    elif opts.think_prefilled:
        think_open, content_start = start, start
    else:
        if call_open != end and find(OPEN_THINK, call_open, end) != -1:
            detail = "the think block comes after the tool call"
            return (R.THINK_AFTER_TOOL_CALL, detail, None, start)
        if find(CLOSE_THINK, start, call_open) != -1:
            return (
                R.MISSING_THINK if mode == "required" else R.STRAY_TAG,
                "</think> without <think> (use think_prefilled=True if the "
                "chat template opens the think block)",
                None,
                start,
            )
        if mode == "required":
            return (R.MISSING_THINK, "no <think> block before the tool call", None, start)
        return (None, "", None, start)
    if not opts.allow_surrounding_text and not blank(text, start, think_open):
        detail = f"text before <think>: {snippet(text, start, think_open)}"
        return (R.LEADING_TEXT, detail, None, start)
    if find(CLOSE_THINK, start, think_open) != -1:
        return (R.STRAY_TAG, "</think> before <think>", None, start)
    think_close = find(CLOSE_THINK, content_start, end)
    if think_close == -1:
        if call_open != end:
            return (R.TOOL_CALL_IN_THINK, "a tool call inside an unclosed think block", None, start)
        return (R.UNCLOSED_THINK, "<think> is never closed", None, start)
    if find(OPEN_THINK, content_start, think_close) != -1:
        return (R.NESTED_THINK, "<think> inside the think block", None, start)
    for marker in markers:
        if find(marker, content_start, think_close) != -1:
            return (
                R.TOOL_CALL_IN_THINK,
                f"{marker} inside the think block does not count",
                None,
                start,
            )
    if not opts.allow_empty_think and blank(text, content_start, think_close):
        return (R.EMPTY_THINK, "the think block is empty", None, start)
    return (None, "", (content_start, think_close), think_close + len(CLOSE_THINK))


def think_tags_in(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` holds ``<think>`` or ``</think>``."""
    return text.find(OPEN_THINK, start, end) != -1 or text.find(CLOSE_THINK, start, end) != -1


def snippet(text: str, start: int, end: int) -> str:
    """A short quoted excerpt of ``text[start:end]`` for a detail line."""
    piece = text[start : min(end, start + 40)].strip()
    return json.dumps(piece + ("..." if end - start > 40 else ""), ensure_ascii=False)
