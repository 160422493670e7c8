"""The ``tool_n1`` format: ``<think>REASONING</think><tool_call>[CALLS]</tool_call>``.

Strict rules (each failure has its own reason code, see ``docs/reward.md``):

1. Exactly one think block, first, closed, non-empty, with no ``<think>``,
   ``<tool_call>`` or ``</tool_call>`` inside it.
2. Exactly one ``<tool_call>...</tool_call>`` block after it.
3. Only whitespace before ``<think>``, between the blocks and after
   ``</tool_call>``.
4. The payload is strict JSON: a list of ``{"name": str, "arguments": {...}}``
   objects with exactly those keys and no repeated key; a bare object is one
   call; ``[]`` is "no call".

The scan is positional, never a regex over the whole text: the think block
is located first, then the payload runs from ``<tool_call>`` to the LAST
``</tool_call>`` and must decode as one JSON value.  A tag inside a JSON
string argument therefore never cuts the call, and two blocks can never be
read as one.  Every step is a linear ``str.find``/``str.count`` or a linear
JSON decode, so hostile text costs time linear in its length.

>>> text = '<think>r</think>\\n<tool_call>[{"name": "f", "arguments": {"a": 1}}]</tool_call>'
>>> error, detail, calls, keys, think, payload = read_tool_n1(text, 0, len(text), ParseOptions())
>>> error, calls, text[think[0]:think[1]]
(None, [ToolCall(name='f', arguments={'a': 1})], 'r')
"""

from __future__ import annotations

import json

import msgspec

from .. import reasons as R
from ..calls import ToolCall, decode_calls
from ..canonical import MAX_DEPTH, encode_sorted
from ..jsonio import decode_strict, duplicate_key, no_repeated_key
from ..options import ParseOptions
from ..tags import CALL_TAGS, CLOSE_CALL, CLOSE_THINK, OPEN_CALL, OPEN_THINK
from .content import FILLER
from .objects import calls_from_payload
from .read import Read, fail, success
from .tail import check_tail
from .think import blank, misplaced_think, snippet, split_think


def read_tool_n1(text: str, start: int, end: int, opts: ParseOptions) -> Read:
    """The parser proper; returns a plain tuple (see ``Read``) for the hot path."""
    find = text.find
    fast = opts.think_mode == "required" and not opts.think_prefilled
    if fast and text.count("<", start, end) == 4:
        # Fast path: exactly four '<' means the four tags below are the only
        # tags anywhere, so every "tag inside region" rule holds by itself;
        # only order and whitespace remain to check.  The compiled core
        # (toolreward/_speedups.c, strict_proves) proves passes along this
        # path: a rule added here must be added there (tests/test_native.py).
        think_open = find(OPEN_THINK, start, end)
        think_close = find(CLOSE_THINK, think_open + 7, end) if think_open != -1 else -1
        call_open = find(OPEN_CALL, think_close + 8, end) if think_close != -1 else -1
        call_close = find(CLOSE_CALL, call_open + 11, end) if call_open != -1 else -1
        if call_close != -1 and (
            opts.allow_surrounding_text
            or (
                (think_open == start or text[start:think_open].isspace())
                and (think_close + 8 == call_open or text[think_close + 8 : call_open].isspace())
                and (call_close + 12 == end or text[call_close + 12 : end].isspace())
            )
        ):
            if not opts.allow_empty_think and (
                think_open + 7 == think_close
                or FILLER.match(text, think_open + 7, think_close).end() == think_close  # type: ignore[union-attr]
            ):  # ``no_content``, inlined on the hot path
                return fail(R.EMPTY_THINK, "the think block is empty")
            return _payload(text, (think_open + 7, think_close), call_open + 11, call_close, opts)
    return _read_general(text, start, end, opts)


def _read_general(text: str, start: int, end: int, opts: ParseOptions) -> Read:
    find = text.find
    surround = opts.allow_surrounding_text
    call_open = find(OPEN_CALL, start, end)
    before_call = call_open if call_open != -1 else end

    # --- 1. the think block (rules in formats/think.py) ------------------------
    failure, think, pos = split_think(text, start, end, opts, before_call, CALL_TAGS)
    if failure is not None:
        return fail(*failure)

    # --- 2. the gap before <tool_call> ---------------------------------------
    gap_end = call_open if call_open != -1 else end
    if find(OPEN_THINK, pos, gap_end) != -1:
        return fail(R.MULTIPLE_THINK_BLOCKS, "a second <think> block")
    if find(CLOSE_THINK, pos, gap_end) != -1:
        return fail(R.STRAY_TAG, "a second </think>")
    if find(CLOSE_CALL, pos, gap_end) != -1:
        return fail(R.STRAY_TAG, "</tool_call> before <tool_call>")
    if call_open == -1:
        return fail(R.MISSING_TOOL_CALL, "no <tool_call> block")
    if not surround and not blank(text, pos, call_open):
        where = R.TEXT_BETWEEN_BLOCKS if think is not None else R.LEADING_TEXT
        return fail(where, f"text before <tool_call>: {snippet(text, pos, call_open)}")

    # --- 3. the tool_call block and what follows it --------------------------
    payload_start = call_open + len(OPEN_CALL)
    call_close = text.rfind(CLOSE_CALL, payload_start, end)
    if call_close == -1:
        return fail(R.UNCLOSED_TOOL_CALL, "<tool_call> is never closed")
    failure = check_tail(text, call_close + len(CLOSE_CALL), end, opts, opens=(OPEN_CALL,))
    if failure is not None:
        return fail(*failure)
    return _payload(text, think, payload_start, call_close, opts)


def _payload(
    text: str, think: tuple[int, int] | None, start: int, end: int, opts: ParseOptions
) -> Read:
    """Decode and validate the payload ``text[start:end]``."""
    payload = text[start:end]
    try:
        decoded = decode_calls(payload)
    except (msgspec.DecodeError, RecursionError, UnicodeEncodeError):
        # UnicodeEncodeError: the text holds a lone surrogate, which msgspec
        # cannot take; the general path reads it (and refuses it in a string).
        return _payload_general(payload, think, start, end, opts)
    calls: list[ToolCall] = [decoded] if type(decoded) is ToolCall else decoded  # type: ignore[assignment]
    # msgspec decodes no NaN, infinity or lone surrogate, so the sorted
    # encoding is exactly ``typed_key`` here, without its checks.
    keys: list[bytes | str] = []
    # Colon accounting (see toolreward.jsonio): two keys per call object,
    # plus the colons of names and encoded arguments; more means a repeat.
    colons = 2 * len(calls)
    for call in calls:
        key = encode_sorted(call.arguments)
        keys.append(key)
        colons += key.count(b":")
        if ":" in call.name:
            colons += call.name.count(":")
        # A call nests 2 levels; its arguments at most len(key) / 2 more.
        if len(key) > 2 * (MAX_DEPTH - 2) and key.count(b"[") + key.count(b"{") > MAX_DEPTH - 2:
            return _payload_general(payload, think, start, end, opts)
    if not no_repeated_key(payload, colons):
        return _payload_general(payload, think, start, end, opts)
    # ``success(calls, think, (start, end), keys)``, written out: this is the hot path.
    return (None, "", calls, keys, think, (start, end))


def _payload_general(
    payload: str, think: tuple[int, int] | None, start: int, end: int, opts: ParseOptions
) -> Read:
    """The payload rules for every case the fast decode does not settle."""
    value, reason, message = decode_strict(payload)
    if reason is not None:
        # A payload that fails to decode and holds more tags was two blocks.
        if OPEN_CALL in payload or CLOSE_CALL in payload:
            return fail(R.MULTIPLE_TOOL_CALL_BLOCKS, "more than one <tool_call> block")
        if OPEN_THINK in payload or CLOSE_THINK in payload:
            return fail(*misplaced_think(opts, "inside the tool_call block"))
        return fail(reason, f"payload: {message}")
    calls, reason, detail = calls_from_payload(value, opts)
    if reason is not None:
        return fail(reason, detail)
    if ":" in payload:
        key = duplicate_key(payload)
        if key is not None:
            return fail(R.DUPLICATE_KEY, f"payload: duplicate key {json.dumps(key)}")
    return success(calls, think, (start, end))
