"""Calls whose argument values are Java or JavaScript source text (BFCL's Java/JS style).

``[Cls.method(flag=true, ids=new long[]{1L, 2L}, name="x")]``: each value is
kept as the source text it is written in (typed later by the ``bfcl``
preset), except that a value that is one whole string or character literal
loses its quotes, as BFCL's decoders do.  Arguments are split at top-level
commas: commas inside brackets, braces, parentheses, generic ``<...>`` and
string literals do not split.  Linear in the length of the text.

>>> from toolreward.options import ParseOptions
>>> text = '[A.b(x=new long[]{1L, 2L}, s="hi, you", m=new HashMap<String, Integer>())]'
>>> opts = ParseOptions(format="pythonic", language="java")
>>> read_source_calls(text, 0, len(text), opts)[2][0].arguments
{'x': 'new long[]{1L, 2L}', 's': 'hi, you', 'm': 'new HashMap<String, Integer>()'}
"""

from __future__ import annotations

import re

from .. import reasons as R
from ..calls import ToolCall
from ..canonical import typed_key
from ..options import ParseOptions
from .read import Read, fail
from .think import split_think

_NAME = re.compile(r"\s*([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\s*\(")
_KEY = re.compile(r"\s*([A-Za-z_$][\w$]*)\s*=(?!=)")
_OPEN = {"(": ")", "[": "]", "{": "}"}
_CLOSE = {")", "]", "}"}


def read_source_calls(text: str, start: int, end: int, opts: ParseOptions) -> Read:
    """Read ``[name(key=source, ...), ...]`` with source-text values."""
    error, detail, think, pos = split_think(text, start, end, opts, opts.think_mode, end, ())
    if error is not None:
        return fail(error, detail)
    body = text[pos:end].strip()
    if body.startswith("[") and body.endswith("]"):
        body = body[1:-1]
    calls: list[ToolCall] = []
    cursor = 0
    n = len(body)
    while True:
        while cursor < n and body[cursor] in " \t\r\n,":
            cursor += 1
        if cursor >= n:
            break
        named = _NAME.match(body, cursor)
        if named is None:
            return fail(R.INVALID_SYNTAX, f"call [{len(calls)}]: expected name(...)")
        name, cursor = named.group(1), named.end()
        close = _matching(body, cursor - 1)
        if close == -1:
            return fail(R.INVALID_SYNTAX, f"call [{len(calls)}] {name}: unbalanced brackets")
        args: dict[str, str] = {}
        for piece in _split_top(body, cursor, close):
            keyed = _KEY.match(piece)
            if keyed is None:
                return fail(
                    R.POSITIONAL_ARGUMENT, f"call [{len(calls)}] {name}: {piece.strip()[:40]!r}"
                )
            key = keyed.group(1)
            if key in args:
                return fail(R.DUPLICATE_KEY, f"call [{len(calls)}] {name}: {key} given twice")
            args[key] = _unquote(piece[keyed.end() :].strip())
        calls.append(ToolCall(name, args))
        cursor = close + 1
    return (None, "", calls, [typed_key(c.arguments) for c in calls], think, None)


def _matching(text: str, open_at: int) -> int:
    """Index of the bracket closing the one at ``open_at`` (strings skipped), or -1."""
    depth = 0
    i = open_at
    n = len(text)
    while i < n:
        ch = text[i]
        if ch in "\"'`":
            i = _string_end(text, i)
            if i == -1:
                return -1
        elif ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _string_end(text: str, start: int) -> int:
    quote = text[start]
    i = start + 1
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == quote:
            return i
        i += 1
    return -1


def _split_top(text: str, start: int, end: int) -> list[str]:
    """Pieces of ``text[start:end]`` between top-level commas (empty pieces dropped)."""
    pieces = []
    depth = 0
    angle = 0
    piece_start = start
    i = start
    while i < end:
        ch = text[i]
        if ch in "\"'`":
            close = _string_end(text, i)
            i = end if close == -1 else close
        elif ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth -= 1
        elif ch == "<" and i > start and (text[i - 1].isalnum() or text[i - 1] == "_"):
            angle += 1  # a generic type argument list: HashMap<String, Integer>
        elif ch == ">" and angle:
            angle -= 1
        elif ch == "," and depth == 0 and angle == 0:
            pieces.append(text[piece_start:i])
            piece_start = i + 1
        i += 1
    pieces.append(text[piece_start:end])
    return [p for p in pieces if p.strip()]


def _unquote(value: str) -> str:
    """A value that is one whole string or char literal loses its quotes."""
    if len(value) >= 2 and value[0] in "\"'" and _string_end(value, 0) == len(value) - 1:
        return value[1:-1]
    return value
