# ruff: noqa: RUF001, RUF002, RUF003  (DeepSeek's tokens are written with U+FF5C bars)
"""The ``deepseek`` format: DeepSeek V3/R1 and V3.1 tool-call tokens, and the DSML of V3.2 and V4.

```
V3, R1:  <｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>get_weather
         ```json
         {"city": "Paris"}
         ```<｜tool▁call▁end｜><｜tool▁calls▁end｜>
V3.1:    <｜tool▁calls▁begin｜><｜tool▁call▁begin｜>get_weather<｜tool▁sep｜>{"city": "Paris"}
         <｜tool▁call▁end｜><｜tool▁calls▁end｜>     (one line)
V3.2:    <｜DSML｜function_calls>
         <｜DSML｜invoke name="get_weather">
         <｜DSML｜parameter name="city" string="true">Paris</｜DSML｜parameter>
         <｜DSML｜parameter name="days" string="false">3</｜DSML｜parameter>
         </｜DSML｜invoke>
         </｜DSML｜function_calls>
V4:      the same with <｜DSML｜tool_calls> ... </｜DSML｜tool_calls>
```

Sources: the ``chat_template`` of deepseek-ai/DeepSeek-V3 and of
deepseek-ai/DeepSeek-V3.1 (tool-call branch), and the encoding scripts
shipped with DeepSeek-V3.2 and V4 (DSML: ``string="true"`` marks a raw
string, ``string="false"`` a JSON value).  Cross-checked with vLLM's
``deepseekv3_tool_parser.py`` (@ 80445b45), ``deepseekv31_tool_parser.py``
(@ e2fc92ec) and ``deepseekv32_tool_parser.py`` (@ fe3771ba), and verl
0.9.1's ``DeepSeekV4ToolParser``.  The bars are U+FF5C and the spaces
U+2581, as in the tokenizer.

* The sub-format is chosen by the text: a DSML block, or the classic
  tokens, where ``function<｜tool▁sep｜>NAME`` and a fenced JSON body is
  V3's form and ``NAME<｜tool▁sep｜>{...}`` V3.1's.
* Only whitespace between the tokens; a response without a call block is
  a text answer; a block cut off before its end token is
  ``unclosed_tool_call``; a ``string="false"`` value that is not JSON is
  ``invalid_json``.

>>> from toolreward.options import ParseOptions
>>> from toolreward.tags import DS_CALL, DS_CALL_END, DS_CALLS, DS_CALLS_END, DS_SEP
>>> text = DS_CALLS + DS_CALL + "f" + DS_SEP + '{"a": 1}' + DS_CALL_END + DS_CALLS_END
>>> read_deepseek(text, 0, len(text), ParseOptions(format="deepseek"))[2]
[ToolCall(name='f', arguments={'a': 1})]
"""

from __future__ import annotations

import re
from typing import Any

from .. import reasons as R
from ..calls import ToolCall
from ..jsonio import raw_decode_strict, strict_loads
from ..options import ParseOptions
from ..results import Failure
from ..tags import DS_CALL, DS_CALL_END, DS_CALLS, DS_CALLS_END, DS_SEP, DSML, DSML_BLOCKS
from .blocks import no_calls, open_response, raw_value_end, skip_space, unclosed
from .objects import arguments_value
from .read import Read, fail, success
from .tail import check_tail

_DSML_OPEN = {f"<{DSML}{block}>": f"</{DSML}{block}>" for block in DSML_BLOCKS}
_INVOKE, _INVOKE_END = f"<{DSML}invoke", f"</{DSML}invoke>"
_PARAM, _PARAM_END = f"<{DSML}parameter", f"</{DSML}parameter>"
_INVOKE_HEAD = re.compile(r'\s+name="([^"<>]+)"\s*>')
_PARAM_HEAD = re.compile(r'\s+name="([^"<>]+)"\s+string="(true|false)"\s*>')
_FENCE_OPEN = re.compile(r"\s*```json\s*")
_FENCE_CLOSE = re.compile(r"\s*```")
OPENERS = (DS_CALLS, *_DSML_OPEN)
MARKERS = (*OPENERS, DS_CALLS_END, DS_CALL, DS_CALL_END, DS_SEP, *_DSML_OPEN.values(),
           _INVOKE, _PARAM)  # fmt: skip

Calls = tuple["Failure | None", list[ToolCall], int]


def read_deepseek(text: str, start: int, end: int, opts: ParseOptions) -> Read:
    """Read ``text[start:end]`` as DeepSeek's tool calls (any of its sub-formats)."""
    first, opener = -1, ""
    for marker in OPENERS:
        at = text.find(marker, start, end if first == -1 else first)
        if at != -1 and (first == -1 or at < first):
            first, opener = at, marker
    failure, think, pos = open_response(text, start, end, opts, first, MARKERS)
    if failure is not None:
        return fail(*failure)
    if first == -1:
        return no_calls(text, pos, end, think, MARKERS[len(OPENERS) :])
    if opener == DS_CALLS:
        failure, calls, cursor = _classic(text, first + len(DS_CALLS), end, opts)
    else:
        failure, calls, cursor = _dsml(text, first + len(opener), end, _DSML_OPEN[opener])
    if failure is not None:
        return fail(*failure)
    failure = check_tail(text, cursor, end, opts, opens=OPENERS, closes=MARKERS[len(OPENERS) :])
    if failure is not None:
        return fail(*failure)
    return success(calls, think)


def _classic(text: str, cursor: int, end: int, opts: ParseOptions) -> Calls:
    """V3 and V3.1: calls up to ``<｜tool▁calls▁end｜>``."""
    calls: list[ToolCall] = []
    while True:
        at = skip_space(text, cursor, end)
        if text.startswith(DS_CALLS_END, at, end):
            return None, calls, at + len(DS_CALLS_END)
        where = f"call [{len(calls)}]"
        if not text.startswith(DS_CALL, at, end):
            if at >= end:
                return unclosed("<｜tool▁calls▁begin｜>"), calls, at
            return (R.INVALID_SYNTAX, f"{where}: text where a call token belongs"), calls, at
        sep = text.find(DS_SEP, at, end)
        if sep == -1:
            return unclosed(f"{where}: <｜tool▁call▁begin｜>"), calls, at
        head = text[at + len(DS_CALL) : sep].strip()
        body = sep + len(DS_SEP)
        fence = None
        if head == "function":  # V3: function<｜tool▁sep｜>NAME, then a fenced JSON body
            fence = _FENCE_OPEN.search(text, body, end)
            if fence is None:
                return unclosed(f"{where}: the ```json body"), calls, at
            head, body = text[body : fence.start()].strip(), fence.end()
        if not head or "<" in head or "\n" in head:
            return (R.BAD_NAME, f"{where}: function name {head!r}"), calls, at
        value, value_end, reason, message = raw_decode_strict(text, body)
        if reason is not None:
            if text.find(DS_CALL_END, body, end) == -1:
                return unclosed(f"{where} {head}"), calls, at
            return (reason, f"{where} {head}: {message}"), calls, at
        args, reason, detail = arguments_value(value, f"{where} {head}", opts)
        if reason is not None:
            return (reason, detail), calls, at
        if fence is not None:
            closing = _FENCE_CLOSE.match(text, value_end, end)
            if closing is None:
                return (R.INVALID_JSON, f"{where} {head}: JSON body not closed by ```"), calls, at
            value_end = closing.end()
        at = skip_space(text, value_end, end)
        if not text.startswith(DS_CALL_END, at, end):
            if at >= end:
                return unclosed(f"{where} {head}"), calls, at
            return (R.INVALID_JSON, f"{where} {head}: text after the arguments"), calls, at
        calls.append(ToolCall(head, args))
        cursor = at + len(DS_CALL_END)


def _dsml(text: str, cursor: int, end: int, closer: str) -> Calls:
    """V3.2 and V4: ``invoke`` elements up to ``closer``."""
    calls: list[ToolCall] = []
    while True:
        at = skip_space(text, cursor, end)
        if text.startswith(closer, at, end):
            return None, calls, at + len(closer)
        where = f"call [{len(calls)}]"
        if not text.startswith(_INVOKE, at, end):
            if at >= end:
                return unclosed(f"the DSML block ({closer})"), calls, at
            return (R.INVALID_SYNTAX, f"{where}: text where an invoke element belongs"), calls, at
        head = _INVOKE_HEAD.match(text, at + len(_INVOKE), end)
        if head is None:
            if text.find(">", at, end) == -1:
                return unclosed(f"{where}: invoke"), calls, at
            return (R.BAD_NAME, f'{where}: invoke without name="..."'), calls, at
        name = head.group(1)
        args: dict[str, Any] = {}
        cursor = head.end()
        while True:
            at = skip_space(text, cursor, end)
            if text.startswith(_INVOKE_END, at, end):
                cursor = at + len(_INVOKE_END)
                break
            if not text.startswith(_PARAM, at, end):
                if at >= end:
                    return unclosed(f"{where} {name}: invoke"), calls, at
                return (
                    (R.INVALID_SYNTAX, f"{where} {name}: text where a parameter belongs"),
                    calls,
                    at,
                )
            param = _PARAM_HEAD.match(text, at + len(_PARAM), end)
            if param is None:
                if text.find(">", at, end) == -1:
                    return unclosed(f"{where} {name}: parameter"), calls, at
                return (R.BAD_NAME, f"{where} {name}: parameter without name and string"), calls, at
            key, is_string = param.group(1), param.group(2) == "true"
            value_end = raw_value_end(text, param.end(), end, _PARAM_END, (_PARAM, _INVOKE_END))
            if value_end == -1:
                return unclosed(f"{where} {name}: parameter {key}"), calls, at
            raw = text[param.end() : value_end]
            if is_string:
                value: Any = raw
            else:
                value, reason, message = strict_loads(raw)
                if reason is not None:
                    return (reason, f'{where} {name}.{key} (string="false"): {message}'), calls, at
            if key in args:
                return (R.DUPLICATE_KEY, f"{where} {name}: parameter {key} given twice"), calls, at
            args[key] = value
            cursor = value_end + len(_PARAM_END)
        calls.append(ToolCall(name, args))
