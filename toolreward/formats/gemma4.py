"""The ``gemma4`` format (Gemma 4): ``<|tool_call>call:NAME{key:value,...}<tool_call|>``.

```
<|channel>thought
The user wants the weather.
<channel|><|tool_call>call:get_weather{city:<|"|>Paris<|"|>,days:3}<tool_call|>
```

Source: Gemma 4's ``chat_template.jinja`` ("Google Gemma 4 Canonical Chat
Template": the ``format_argument`` macro and the ``tool_calls`` branch of a
model turn), cross-checked with Google's Gemma 4 function-calling guide
(ai.google.dev, gemma/docs/capabilities/text/function-calling-gemma4), vLLM's
``gemma4_utils.py`` (@ 68b04400) and verl 0.9.1's ``Gemma4ToolParser``.
The template writes each call as ``<|tool_call>call:`` + name + ``{`` + the
arguments sorted by key as ``key:value`` joined by ``,`` + ``}<tool_call|>``;
a value is a string between ``<|"|>`` delimiters, ``true``/``false``,
``null``, a number, ``[...]`` or ``{key:value,...}`` (nested keys bare).
The reasoning is the thought channel, ``<|channel>thought ... <channel|>``.

* Calls follow one another (whitespace allowed between them); a response
  without ``<|tool_call>`` is a text answer.
* Values are typed by their own syntax: no schema is needed.  A string runs
  to the next ``<|"|>`` (the template has no escape for it).
* A call cut off before ``<tool_call|>`` is ``unclosed_tool_call``; a value
  the macro cannot write (``'x'``, ``None``, an unquoted word) is
  ``invalid_syntax``.

>>> from toolreward.options import ParseOptions
>>> text = '<|tool_call>call:f{a:<|"|>x<|"|>,b:[1,true,{c:null}]}<tool_call|>'
>>> read_gemma4(text, 0, len(text), ParseOptions(format="gemma4"))[2]
[ToolCall(name='f', arguments={'a': 'x', 'b': [1, True, {'c': None}]})]
"""

from __future__ import annotations

import math
import re
from typing import Any

from .. import reasons as R
from ..calls import ToolCall
from ..canonical import MAX_DEPTH
from ..options import ParseOptions
from ..tags import GEMMA_CALL, GEMMA_CALL_END, GEMMA_QUOTE, GEMMA_THINK_TAGS
from .blocks import no_calls, skip_space, unclosed
from .read import Read, fail, success
from .tail import check_tail
from .think import blank, snippet, split_think

MARKERS = (GEMMA_CALL, GEMMA_CALL_END, *GEMMA_THINK_TAGS)
_NAME = re.compile(r"call:([A-Za-z_][\w.\-]*)\{")
_KEY = re.compile(r"\s*([^\s:{}\[\],<>\"]+)\s*:")
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?(?![\w.])")
_WORDS = {"true": True, "false": False, "null": None}
_WORD = re.compile(r"(true|false|null)(?![\w.])")
_MAX_DIGITS = 4000


class _Bad(Exception):
    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.failure = (reason, detail)


def read_gemma4(text: str, start: int, end: int, opts: ParseOptions) -> Read:
    """Read ``text[start:end]`` as Gemma 4's tool calls."""
    first = text.find(GEMMA_CALL, start, end)
    failure, think, pos = split_think(
        text, start, end, opts, first if first != -1 else end, MARKERS[:2], GEMMA_THINK_TAGS
    )
    if failure is not None:
        return fail(*failure)
    if first == -1:
        return no_calls(text, pos, end, think, MARKERS[1:])
    if not opts.allow_surrounding_text and not blank(text, pos, first):
        return fail(R.LEADING_TEXT, f"text before the calls: {snippet(text, pos, first)}")
    calls: list[ToolCall] = []
    cursor = first
    try:
        while True:
            where = f"call [{len(calls)}]"
            named = _NAME.match(text, cursor + len(GEMMA_CALL), end)
            if named is None:
                if text.find("{", cursor, end) == -1:
                    raise _Bad(*unclosed(f"{where}: <|tool_call>"))
                raise _Bad(R.BAD_NAME, f"{where}: expected call:NAME{{ after <|tool_call>")
            args, cursor = _mapping(text, named.end(), end, f"{where} {named.group(1)}", 0)
            if not text.startswith(GEMMA_CALL_END, cursor, end):
                if cursor >= end:
                    raise _Bad(*unclosed(f"{where} {named.group(1)}"))
                raise _Bad(R.INVALID_SYNTAX, f"{where} {named.group(1)}: text after the arguments")
            calls.append(ToolCall(named.group(1), args))
            cursor = skip_space(text, cursor + len(GEMMA_CALL_END), end)
            if not text.startswith(GEMMA_CALL, cursor, end):
                break
    except _Bad as bad:
        return fail(*bad.failure)
    failure = check_tail(text, cursor, end, opts, opens=(GEMMA_CALL,), closes=MARKERS[1:])
    if failure is not None:
        return fail(*failure)
    return success(calls, think)


def _mapping(text: str, pos: int, end: int, where: str, depth: int) -> tuple[dict[str, Any], int]:
    """The ``key:value,...}`` after an opening ``{``; returns the position after ``}``."""
    out: dict[str, Any] = {}
    at = skip_space(text, pos, end)
    if text.startswith("}", at, end):
        return out, at + 1
    while True:
        if text.startswith(GEMMA_QUOTE, at, end):  # an escaped key (the macro's default)
            close = text.find(GEMMA_QUOTE, at + len(GEMMA_QUOTE), end)
            if close == -1:
                raise _Bad(*unclosed(f"{where}: a key"))
            key = text[at + len(GEMMA_QUOTE) : close]
            colon = skip_space(text, close + len(GEMMA_QUOTE), end)
            if not text.startswith(":", colon, end):
                raise _Bad(R.INVALID_SYNTAX, f"{where}: key {key!r} without ':'")
            at = colon + 1
        else:
            named = _KEY.match(text, at, end)
            if named is None:
                if at >= end:
                    raise _Bad(*unclosed(where))
                raise _Bad(
                    R.INVALID_SYNTAX, f"{where}: expected key:value at {snippet(text, at, end)}"
                )
            key, at = named.group(1), named.end()
        if key in out:
            raise _Bad(R.DUPLICATE_KEY, f"{where}: key {key} given twice")
        out[key], at = _value(text, at, end, f"{where}.{key}", depth + 1)
        at = skip_space(text, at, end)
        if text.startswith("}", at, end):
            return out, at + 1
        if not text.startswith(",", at, end):
            if at >= end:
                raise _Bad(*unclosed(where))
            raise _Bad(
                R.INVALID_SYNTAX, f"{where}: expected ',' or '}}' at {snippet(text, at, end)}"
            )
        at = skip_space(text, at + 1, end)


def _value(text: str, pos: int, end: int, where: str, depth: int) -> tuple[Any, int]:
    if depth > MAX_DEPTH:
        raise _Bad(R.INVALID_SYNTAX, f"{where}: nested deeper than {MAX_DEPTH} levels")
    at = skip_space(text, pos, end)
    if text.startswith(GEMMA_QUOTE, at, end):
        close = text.find(GEMMA_QUOTE, at + len(GEMMA_QUOTE), end)
        if close == -1:
            raise _Bad(*unclosed(f"{where}: a string"))
        return text[at + len(GEMMA_QUOTE) : close], close + len(GEMMA_QUOTE)
    if text.startswith("{", at, end):
        return _mapping(text, at + 1, end, where, depth)
    if text.startswith("[", at, end):
        items: list[Any] = []
        at = skip_space(text, at + 1, end)
        if text.startswith("]", at, end):
            return items, at + 1
        while True:
            item, at = _value(text, at, end, f"{where}[{len(items)}]", depth + 1)
            items.append(item)
            at = skip_space(text, at, end)
            if text.startswith("]", at, end):
                return items, at + 1
            if not text.startswith(",", at, end):
                if at >= end:
                    raise _Bad(*unclosed(f"{where}: a list"))
                raise _Bad(R.INVALID_SYNTAX, f"{where}: expected ',' or ']' in a list")
            at += 1
    word = _WORD.match(text, at, end)
    if word is not None:
        return _WORDS[word.group(1)], word.end()
    number = _NUMBER.match(text, at, end)
    if number is not None and len(number.group()) <= _MAX_DIGITS:
        literal = number.group()
        if "." in literal or "e" in literal or "E" in literal:
            value = float(literal)
            if not math.isfinite(value):
                raise _Bad(R.UNSUPPORTED_VALUE, f"{where}: {literal} is not a finite number")
            return value, number.end()
        return int(literal), number.end()
    if at >= end:
        raise _Bad(*unclosed(where))
    raise _Bad(
        R.INVALID_SYNTAX, f"{where}: not a value the template writes: {snippet(text, at, end)}"
    )
