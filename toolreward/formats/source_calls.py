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
from ..options import ParseOptions
from .read import Read, fail, success
from .scan import matching_bracket, split_top_level, unquote
from .tail import check_tail
from .think import split_think

_NAME = re.compile(r"\s*([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\s*\(")
_KEY = re.compile(r"\s*([A-Za-z_$][\w$]*)\s*=(?!=)")


def read_source_calls(text: str, start: int, end: int, opts: ParseOptions) -> Read:
    """Read ``[name(key=source, ...), ...]`` with source-text values."""
    failure, think, pos = split_think(text, start, end, opts, None)
    if failure is not None:
        return fail(*failure)
    body = text[pos:end].strip()
    if body.startswith("["):
        close = matching_bracket(body, 0)
        if close == -1:
            return fail(R.INVALID_SYNTAX, "the call list's brackets are unbalanced")
        failure = check_tail(body, close + 1, len(body), opts)
        if failure is not None:
            return fail(*failure)
        body = body[1:close]
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
        close = matching_bracket(body, cursor - 1)
        if close == -1:
            return fail(R.INVALID_SYNTAX, f"call [{len(calls)}] {name}: unbalanced brackets")
        args: dict[str, str] = {}
        for piece in split_top_level(body, cursor, close):
            keyed = _KEY.match(piece)
            if keyed is None:
                return fail(
                    R.POSITIONAL_ARGUMENT, f"call [{len(calls)}] {name}: {piece.strip()[:40]!r}"
                )
            key = keyed.group(1)
            if key in args:
                return fail(R.DUPLICATE_KEY, f"call [{len(calls)}] {name}: {key} given twice")
            args[key] = unquote(piece[keyed.end() :].strip())
        calls.append(ToolCall(name, args))
        cursor = close + 1
    return success(calls, think)
