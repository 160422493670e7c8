"""A fast reader for the common shape of ``pythonic`` calls, with no call to Python's parser.

CPython's parser costs about 0.25 us per character of a call list (50 us for
a typical two-call answer), more than everything else the ``bfcl`` preset
does.  ``fast_calls`` reads the plain subset that model outputs almost always
use, with one regular expression per token:

* ``[f(a=1), m.g(b="x")]`` or one call without brackets; ``[]``;
* keyword arguments; values are strings without backslashes, decimal ints,
  floats written ``1.5``, ``1.5e3`` or ``1e-09``, ``True``/``False``/``None``, lists,
  dicts with string keys, a ``-`` sign on a number, and bare names (read as
  strings when ``allow_bare_identifiers``).

Anything else (escapes, tuples, ``+1``, trailing commas, comments, text
after the calls, repeated keys, non-ASCII names, any error) returns ``None``,
and the caller reads the text with Python's parser (``formats/pythonic.py``).
So the result, when there is one, is exactly what the parser-based reader
returns; ``tests/test_formats_pythonic_fast.py`` checks that on generated
and mutated texts.

>>> for call in fast_calls('[f(a=1, b=[2.5, "x"]), m.g(c={"k": None})]', False):
...     print(call)
ToolCall(name='f', arguments={'a': 1, 'b': [2.5, 'x']})
ToolCall(name='m.g', arguments={'c': {'k': None}})
>>> fast_calls("[f(a=(1, 2))]", False) is None  # a tuple: left to the parser
True
"""

from __future__ import annotations

import keyword
import math
import re
from typing import Any

from ..calls import ToolCall
from ..canonical import MAX_DEPTH

_WS = "[ \\t\\n]*"
_NAME = "[A-Za-z_][A-Za-z0-9_]*"
_CALL = re.compile(_WS + "(" + _NAME + "(?:\\." + _NAME + ")*)" + _WS + r"\(", re.ASCII)

_SCALAR = (
    r"""(?:'([^'\\\n\r\x00]*)'|"([^"\\\n\r\x00]*)"|(-?\d+(?:\.\d+)?[eE][+-]?\d+|-?\d+\.\d+)(?![\w.])"""
    r"|(-?(?:0|[1-9]\d*))(?![\w.])|(" + _NAME + r")(?![\w.\(]))"
)
"""A string, number or name, each alternative in its own group (1 to 5)."""
_SCALAR_UNCAPTURED = re.sub(r"(?<!\\)\((?!\?)", "(?:", _SCALAR)

# One match for the commonest argument: ``key=scalar`` and the "," or ")" after it.
_SCALAR_ARG = re.compile(
    _WS + "(" + _NAME + ")" + _WS + "=(?!=)" + _WS + _SCALAR + _WS + "([,)])", re.ASCII
)
_VALUE = re.compile(_WS + "(?:" + _SCALAR + r"|([\[{]))", re.ASCII)
_ARG_BODY = _WS + _NAME + _WS + "=(?!=)" + _WS + _SCALAR_UNCAPTURED + _WS
# Every argument of a call, when all are scalars: checked in one match, then
# taken apart with one findall.
_SCALAR_ARGS = re.compile("(?:" + _ARG_BODY + ",)*" + _ARG_BODY + r"\)", re.ASCII)
_KEYWORD = re.compile(_WS + "(" + _NAME + ")" + _WS + "=(?!=)", re.ASCII)
_KEY = re.compile(_WS + r"""(?:'([^'\\\n\r\x00]*)'|"([^"\\\n\r\x00]*)")""" + _WS + ":")
_PUNCT = re.compile(_WS + r"([,)\]}])")
_END = re.compile(_WS + r"\Z")
_NOT_PLAIN = re.compile(r"[#\\\ud800-\udfff]")
_KEYWORDS = frozenset(keyword.kwlist)
_CONSTANTS = {"True": True, "False": False, "None": None}
_MAX_DIGITS = 4000


class _NotPlain(Exception):
    """The text leaves the plain subset: the parser-based reader decides."""


def fast_calls(source: str, allow_bare_identifiers: bool) -> list[ToolCall] | None:
    """The calls of ``source`` (stripped), or ``None`` when it is not in the plain subset."""
    if not source or _NOT_PLAIN.search(source):
        return None
    try:
        if source[0] == "[":
            calls, pos = _list_of_calls(source, allow_bare_identifiers)
        else:
            call, pos = _call(source, 0, allow_bare_identifiers)
            calls = [call]
    except _NotPlain:
        return None
    return calls if _END.match(source, pos) else None


def _list_of_calls(s: str, bare: bool) -> tuple[list[ToolCall], int]:
    close = _PUNCT.match(s, 1)
    if close is not None:
        if close.group(1) != "]":
            raise _NotPlain
        return [], close.end()
    calls = []
    pos = 1
    while True:
        call, pos = _call(s, pos, bare)
        calls.append(call)
        m = _PUNCT.match(s, pos)
        if m is None:
            raise _NotPlain
        pos = m.end()
        if m.group(1) == "]":
            return calls, pos
        if m.group(1) != ",":
            raise _NotPlain


def _call(s: str, pos: int, bare: bool) -> tuple[ToolCall, int]:
    m = _CALL.match(s, pos)
    if m is None:
        raise _NotPlain
    name = m.group(1)
    if not _KEYWORDS.isdisjoint(name.split(".")):
        raise _NotPlain
    pos = m.end()
    args: dict[str, Any] = {}
    close = _PUNCT.match(s, pos)
    if close is not None:
        if close.group(1) != ")":
            raise _NotPlain
        return ToolCall(name, args), close.end()
    whole = _SCALAR_ARGS.match(s, pos)
    if whole is not None:
        for key, single, double, real, integer, word, _ in _SCALAR_ARG.findall(s, pos, whole.end()):
            if key in args or key in _KEYWORDS:
                raise _NotPlain
            if single or double:
                args[key] = single or double
            elif not (real or integer or word):
                args[key] = ""  # an empty string literal
            else:
                args[key] = _scalar(real or None, integer or None, word or None, bare)
        return ToolCall(name, args), whole.end()
    while True:
        m = _SCALAR_ARG.match(s, pos)
        if m is not None:
            key, single, double, real, integer, word, punct = m.groups()
            if key in args or key in _KEYWORDS:
                raise _NotPlain
            if single is not None:
                args[key] = single
            elif double is not None:
                args[key] = double
            else:
                args[key] = _scalar(real, integer, word, bare)
            pos = m.end()
            if punct == ")":
                return ToolCall(name, args), pos
            continue
        m = _KEYWORD.match(s, pos)
        if m is None:
            raise _NotPlain
        key = m.group(1)
        if key in args or key in _KEYWORDS:
            raise _NotPlain
        args[key], pos = _value(s, m.end(), bare, 0)
        m = _PUNCT.match(s, pos)
        if m is None:
            raise _NotPlain
        pos = m.end()
        if m.group(1) == ")":
            return ToolCall(name, args), pos
        if m.group(1) != ",":
            raise _NotPlain


def _scalar(real: str | None, integer: str | None, word: str | None, bare: bool) -> Any:
    """A number or a name matched by ``_SCALAR`` (strings are taken as they are)."""
    if real is not None:
        number = float(real)
        if not math.isfinite(number):
            raise _NotPlain
        return number
    if integer is not None:
        if len(integer) > _MAX_DIGITS:
            raise _NotPlain
        return int(integer)
    assert word is not None
    if word in _CONSTANTS:
        return _CONSTANTS[word]
    if word in _KEYWORDS or not bare:
        raise _NotPlain
    return word


def _value(s: str, pos: int, bare: bool, depth: int) -> tuple[Any, int]:
    m = _VALUE.match(s, pos)
    if m is None or depth > MAX_DEPTH:
        raise _NotPlain
    kind = m.lastindex
    end = m.end()
    if kind == 1 or kind == 2:
        return m.group(kind), end
    if kind is not None and kind < 6:
        return _scalar(m.group(3), m.group(4), m.group(5), bare), end
    if m.group(6) == "[":
        return _list(s, end, bare, depth + 1)
    return _dict(s, end, bare, depth + 1)


def _list(s: str, pos: int, bare: bool, depth: int) -> tuple[list[Any], int]:
    close = _PUNCT.match(s, pos)
    if close is not None:
        if close.group(1) != "]":
            raise _NotPlain
        return [], close.end()
    items = []
    while True:
        item, pos = _value(s, pos, bare, depth)
        items.append(item)
        m = _PUNCT.match(s, pos)
        if m is None:
            raise _NotPlain
        pos = m.end()
        if m.group(1) == "]":
            return items, pos
        if m.group(1) != ",":
            raise _NotPlain


def _dict(s: str, pos: int, bare: bool, depth: int) -> tuple[dict[str, Any], int]:
    close = _PUNCT.match(s, pos)
    if close is not None:
        if close.group(1) != "}":
            raise _NotPlain
        return {}, close.end()
    out: dict[str, Any] = {}
    while True:
        m = _KEY.match(s, pos)
        if m is None:
            raise _NotPlain
        key = m.group(1) if m.lastindex == 1 else m.group(2)
        if key in out:
            raise _NotPlain
        out[key], pos = _value(s, m.end(), bare, depth)
        m = _PUNCT.match(s, pos)
        if m is None:
            raise _NotPlain
        pos = m.end()
        if m.group(1) == "}":
            return out, pos
        if m.group(1) != ",":
            raise _NotPlain
