"""Java and JavaScript values for the ``bfcl`` preset (BFCL's ``simple_java`` and
``simple_javascript`` categories).

Argument values arrive as source text (``formats/source_calls.py``) and are
typed by the parameter's declared type, as BFCL does:

* Java: ``byte``/``short``/``integer`` ``-?\\d+``; ``long`` needs ``L``;
  ``float`` needs ``f``; ``double`` plain; ``boolean`` is ``true``/``false``;
  ``String``, ``char`` and ``any`` stay text; ``Array`` is ``new T[]{...}``;
  ``ArrayList`` is ``new ArrayList<>(Arrays.asList(...))`` (or
  ``{{ add(...); }}``, or empty); ``HashMap`` is
  ``new HashMap<...>() {{ put(k, v); ... }}`` (or empty).
* JavaScript: ``integer`` ``-?\\d+``; ``float`` accepts ``3`` and ``3.5``;
  ``Bigint`` needs the ``n`` suffix; ``Boolean`` is ``true``/``false``;
  ``String`` loses one pair of quotes; ``array`` is ``[...]`` or
  ``new Array(...)``; ``dict`` is an object literal; ``any`` stays text.

Text that does not have its declared shape stays a string, so the type rules
then reject it (unless the answer treats the argument as a variable).

Deliberate deviations: string elements of Java arrays (``new String[]{...}``) lose their quotes,
and ``HashMap`` bodies are read; BFCL's decoder keeps those quotes and drops
those bodies (``docs/bfcl.md``).  ``compat=True`` does as BFCL does.

>>> java_value("new long[]{1L, 2L}", "Array", "long")
[1, 2]
>>> java_value("5", "long", None)
'5'
>>> src = 'new String[]{"a"}'
>>> java_value(src, "Array", "String"), java_value(src, "Array", "String", compat=True)
(['a'], ['"a"'])
>>> js_value("[1, 'a']", "array", None)
[1, 'a']
"""

from __future__ import annotations

import re
from typing import Any

from ..formats.scan import split_top_level, unquote

JAVA_TYPES: dict[str, type] = {
    "byte": int, "short": int, "integer": int, "float": float, "double": float, "long": int,
    "boolean": bool, "char": str, "Array": list, "ArrayList": list, "Set": set,
    "HashMap": dict, "Hashtable": dict, "Queue": list, "Stack": list, "String": str,
    "any": str,
}  # fmt: skip
JS_TYPES: dict[str, type] = {
    "String": str, "integer": int, "float": float, "Bigint": int, "Boolean": bool,
    "dict": dict, "array": list, "any": str,
}  # fmt: skip
NESTED = ("Array", "ArrayList", "array")

_INT = re.compile(r"-?\d+")
_LONG = re.compile(r"-?\d+[lL]")
_JAVA_FLOAT = re.compile(r"-?\d+(\.\d+)?([eE][+-]?\d+)?[fF]")
_DOUBLE = re.compile(r"-?\d+(\.\d+)?([eE][+-]?\d+)?")
_JS_FLOAT = re.compile(r"-?\d+(\.\d+)?")
_BIGINT = re.compile(r"-?\d+n")
_ARRAY = re.compile(r"new\s+[\w.<>]+\s*(?:\[\s*\])+\s*\{(.*)\}", re.S)
_AS_LIST = re.compile(r"new\s+ArrayList\s*<[^()]*>\s*\(\s*Arrays\.asList\((.*)\)\s*\)", re.S)
_ADD_BODY = re.compile(r"new\s+ArrayList\s*<[^()]*>\s*\(\s*\)\s*\{\s*\{(.*)\}\s*\}", re.S)
_EMPTY_LIST = re.compile(r"new\s+ArrayList\s*<[^()]*>\s*\(\s*\)")
_MAP_BODY = re.compile(r"new\s+HashMap\s*<[^()]*>\s*\(\s*\)\s*\{\s*\{(.*)\}\s*\}", re.S)
_EMPTY_MAP = re.compile(r"new\s+HashMap\s*<[^()]*>\s*\(\s*\)")
_CALL_IN_BODY = re.compile(r"(add|put)\s*\(")
_JS_NEW_ARRAY = re.compile(r"new\s+Array\((.*)\)", re.S)


MAX_DIGITS = 4000
"""Longest integer literal typed as a number; a longer one stays text (and fails the
type rules), because Python refuses to convert strings of over 4,300 digits."""


def _int(digits: str, src: str) -> int | str:
    """``int(digits)``, or ``src`` (the untyped text) when the literal is too long."""
    return int(digits) if len(digits) <= MAX_DIGITS else src


def java_value(src: str, kind: str, items: str | None, compat: bool = False) -> Any:
    """The Python value of Java source ``src`` for declared type ``kind``
    (``compat``: BFCL's decoder quirks, see the module docstring)."""
    src = src.strip()
    if kind in ("byte", "short", "integer"):
        return _int(src, src) if _INT.fullmatch(src) else src
    if kind == "long":
        return _int(src[:-1], src) if _LONG.fullmatch(src) else src
    if kind == "float":
        return float(src[:-1]) if _JAVA_FLOAT.fullmatch(src) else src
    if kind == "double":
        return float(src) if _DOUBLE.fullmatch(src) else src
    if kind == "boolean":
        return src == "true" if src in ("true", "false") else src
    if kind == "Array":
        m = _ARRAY.fullmatch(src)
        return (
            [_java_item(e, items, compat) for e in split_top_level(m.group(1), 0, len(m.group(1)))]
            if m
            else src
        )
    if kind == "ArrayList":
        m = _AS_LIST.fullmatch(src)
        if m:
            return [_java_item(e, items) for e in split_top_level(m.group(1), 0, len(m.group(1)))]
        m = _ADD_BODY.fullmatch(src)
        if m:
            return [_java_item(args[0], items) for args in _body_calls(m.group(1), "add") if args]
        return [] if _EMPTY_LIST.fullmatch(src) else src
    if kind == "HashMap":
        m = _MAP_BODY.fullmatch(src)
        if m and compat:
            return {}
        if m:
            out: dict[str, Any] = {}
            for args in _body_calls(m.group(1), "put"):
                if len(args) == 2:
                    out[unquote(args[0].strip())] = java_untyped(args[1])
            return out
        return {} if _EMPTY_MAP.fullmatch(src) else src
    return src  # String, char, any, and the collections BFCL does not read


def _java_item(src: str, items: str | None, compat: bool = False) -> Any:
    src = src.strip()
    if items in ("String", "char"):
        return src if compat else unquote(src)
    return java_value(src, items, None) if items else java_untyped(src)


def _body_calls(body: str, method: str) -> list[list[str]]:
    """Argument lists of ``add(...)``/``put(...)`` calls in an initializer body."""
    calls: list[list[str]] = []
    pos = 0
    while True:
        m = _CALL_IN_BODY.search(body, pos)
        if m is None:
            return calls
        start = m.end()
        depth, i = 1, start
        while i < len(body) and depth:
            ch = body[i]
            if ch in "\"'":
                j = body.find(ch, i + 1)
                while j != -1 and body[j - 1] == "\\":
                    j = body.find(ch, j + 1)
                i = len(body) if j == -1 else j
            elif ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
            i += 1
        if m.group(1) == method:
            calls.append(split_top_level(body, start, i - 1))
        pos = i


def java_untyped(src: str) -> Any:
    """A Java literal read without a declared type (map values, untyped list items)."""
    src = src.strip()
    if src in ("true", "false"):
        return src == "true"
    if len(src) >= 2 and src[0] == '"' and src[-1] == '"':
        return src[1:-1]
    if _LONG.fullmatch(src):
        return _int(src[:-1], src)
    if _JAVA_FLOAT.fullmatch(src):
        return float(src[:-1])
    if _INT.fullmatch(src):
        return _int(src, src)
    if _DOUBLE.fullmatch(src):
        return float(src)
    return src


def js_value(src: str, kind: str, items: str | None) -> Any:
    """The Python value of JavaScript source ``src`` for declared type ``kind``."""
    src = src.strip()
    if kind == "String":
        if len(src) >= 2 and src[0] == src[-1] and src[0] in "\"'":
            return src[1:-1]
        return src
    if kind == "integer":
        return _int(src, src) if _INT.fullmatch(src) else src
    if kind == "float":
        return float(src) if _JS_FLOAT.fullmatch(src) else src
    if kind == "Bigint":
        return _int(src[:-1], src) if _BIGINT.fullmatch(src) else src
    if kind == "Boolean":
        return src == "true" if src in ("true", "false") else src
    if kind == "array":
        inner = _js_array_body(src)
        if inner is None:
            return src
        return [js_value(e, items, None) if items else js_untyped(e) for e in inner]
    if kind == "dict":
        return _js_object(src)
    return src


def _js_array_body(src: str) -> list[str] | None:
    if src.startswith("[") and src.endswith("]"):
        return split_top_level(src, 1, len(src) - 1)
    m = _JS_NEW_ARRAY.fullmatch(src)
    return split_top_level(m.group(1), 0, len(m.group(1))) if m else None


def _js_object(src: str) -> Any:
    if not (src.startswith("{") and src.endswith("}")):
        return src
    out: dict[str, Any] = {}
    for pair in split_top_level(src, 1, len(src) - 1):
        key, sep, value = pair.partition(":")
        if not sep:
            return src
        out[unquote(key.strip())] = js_untyped(value)
    return out


def js_untyped(src: str) -> Any:
    """A JavaScript literal read without a declared type."""
    src = src.strip()
    if src in ("true", "false"):
        return src == "true"
    if len(src) >= 2 and src[0] == src[-1] and src[0] in "\"'":
        return src[1:-1]
    if src.startswith("[") or src.startswith("new Array("):
        inner = _js_array_body(src)
        return src if inner is None else [js_untyped(e) for e in inner]
    if src.startswith("{"):
        return _js_object(src)
    if _INT.fullmatch(src):
        return _int(src, src)
    if _DOUBLE.fullmatch(src):
        return float(src)
    return src
