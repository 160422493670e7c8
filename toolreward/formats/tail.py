"""What may follow the calls: the same rule, and the same reason codes, in every format.

After the last call of a response only whitespace may follow (any text with
``allow_surrounding_text``), and never a tag:

| found after the calls | reason |
|---|---|
| another opening call marker | ``multiple_tool_call_blocks`` |
| a closing call marker | ``stray_tag`` |
| ``<think>`` or ``</think>`` | ``think_after_tool_call`` (``think_forbidden`` when forbidden) |
| other non-blank text | ``trailing_text`` |

A response that makes no call is read by ``text_answer``: its text must
say something (``empty_response`` otherwise) and hold no think tag.

Trailing end-of-turn tokens never get here: the text stage cuts them off
(``toolreward.text.locate_response``).

>>> from toolreward.options import ParseOptions
>>> text = '[f(a=1)] and more'
>>> check_tail(text, 8, len(text), ParseOptions(format="pythonic"))
('trailing_text', 'text after the calls: "and more"')
"""

from __future__ import annotations

from .. import reasons as R
from ..jsonio import raw_decode_strict
from ..options import ParseOptions
from ..results import Failure
from .content import no_content
from .read import Read, fail, success
from .think import blank, misplaced_think, snippet, think_tags_in


def check_tail(
    text: str,
    pos: int,
    end: int,
    opts: ParseOptions,
    opens: tuple[str, ...] = (),
    closes: tuple[str, ...] = (),
) -> Failure | None:
    """``None`` when ``text[pos:end]``, what follows the calls, may follow them.

    ``opens`` and ``closes`` are the format's opening and closing call markers.
    """
    if pos >= end:
        return None
    find = text.find
    for marker in opens:
        if find(marker, pos, end) != -1:
            return R.MULTIPLE_TOOL_CALL_BLOCKS, f"another {marker} after the calls"
    for marker in closes:
        if find(marker, pos, end) != -1:
            return R.STRAY_TAG, f"{marker} after the calls without its opening tag"
    if think_tags_in(text, pos, end):
        return misplaced_think(opts, "after the calls")
    if not opts.allow_surrounding_text and not blank(text, pos, end):
        return R.TRAILING_TEXT, f"text after the calls: {snippet(text, pos, end)}"
    return None


def value_end(text: str, start: int, end: int) -> int | None:
    """Where the JSON value at ``text[start:]`` ends, when more text follows it
    before ``end`` (so that what follows can be judged by ``check_tail``); else ``None``."""
    _, stop, reason, _ = raw_decode_strict(text, start)
    return stop if reason is None and stop < end else None


def text_answer(text: str, pos: int, end: int, think: tuple[int, int] | None) -> Read:
    """The ``Read`` of a response that makes no call: ``text[pos:end]`` is its answer.

    A think tag in the answer is ``multiple_think_blocks``; an answer without
    content (``toolreward.formats.content.no_content``) is ``empty_response``.
    """
    if think_tags_in(text, pos, end):
        return fail(R.MULTIPLE_THINK_BLOCKS, "a think tag outside the think block")
    if no_content(text, pos, end):
        return fail(R.EMPTY_RESPONSE, "no call and no answer text")
    return success([], think)
