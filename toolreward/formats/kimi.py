"""The ``kimi`` format (Kimi K2 and K3): K2's call section, or K3's XTML ``tools`` channel.

```
<think>reasoning (K2 Thinking)</think>
<|tool_calls_section_begin|><|tool_call_begin|>functions.get_weather:0<|tool_call_argument_begin|>
{"city": "Paris"}<|tool_call_end|><|tool_calls_section_end|>
```
(one line in the model's output; broken here for width).

Source: the assistant branch of moonshotai/Kimi-K2-Instruct's
``chat_template.jinja`` (``<|tool_calls_section_begin|>``, then per call
``<|tool_call_begin|>`` + id + ``<|tool_call_argument_begin|>`` +
arguments + ``<|tool_call_end|>``, then ``<|tool_calls_section_end|>``; the
id is ``functions.NAME:INDEX``).  Cross-checked with vLLM's
``kimi_k2_tool_parser.py`` (vllm-project/vllm @ c853e154).

* One section; inside it only calls and whitespace.  The id must end in
  ``:INDEX``; a leading ``functions.`` is dropped, so the name is what is
  left (dots kept).  Arguments are one JSON object.
* A response with no section is a text answer; a section or call cut off
  before its end token is ``unclosed_tool_call``.

Kimi K3 writes its calls in XTML channels (source: vLLM's
``kimi_k3_tool_parser.py`` @ 2d956748, which states the channel grammar and
the template's type tagging; K3's own template could not be consulted)::

    <|open|>tools<|sep|><|open|>call tool="get_weather" index="1"<|sep|>
    <|open|>argument key="city" type="string"<|sep|>Paris<|close|>argument<|sep|>
    <|open|>argument key="days" type="integer"<|sep|>3<|close|>argument<|sep|>
    <|close|>call<|sep|><|close|>tools<|sep|>

* ``type="string"`` values are raw text; any other type is one JSON value
  (``invalid_json`` otherwise).  Attribute values unescape ``&quot;`` and
  ``&amp;``.  A value runs to the first ``<|close|>argument<|sep|>`` followed by
  another argument or the end of the call.
* A ``response`` channel (``<|open|>response<|sep|>...<|close|>response<|sep|>``,
  its opening often in the prompt) precedes the tools: without tools it is
  the text answer; before tools it must be blank unless
  ``allow_surrounding_text``.  K3's reasoning channel is not read (its
  source was not available): a reasoning block is read as ``<think>`` only.

>>> from toolreward.options import ParseOptions
>>> text = ('<|tool_calls_section_begin|><|tool_call_begin|>functions.f:0'
...         '<|tool_call_argument_begin|>{"a": 1}<|tool_call_end|><|tool_calls_section_end|>')
>>> read_kimi(text, 0, len(text), ParseOptions(format="kimi"))[2]
[ToolCall(name='f', arguments={'a': 1})]
"""

from __future__ import annotations

import re
from typing import Any

from .. import reasons as R
from ..calls import ToolCall
from ..jsonio import raw_decode_strict, strict_loads
from ..options import ParseOptions
from ..tags import (
    K3_CLOSE,
    K3_OPEN,
    K3_SEP,
    KIMI_ARGS,
    KIMI_CALL,
    KIMI_CALL_END,
    KIMI_SECTION,
    KIMI_SECTION_END,
)
from .blocks import no_calls, open_response, raw_value_end, skip_space, unclosed
from .objects import arguments_value
from .read import Read, fail, success
from .tail import check_tail, text_answer
from .think import blank, snippet, split_think

MARKERS = (KIMI_SECTION, KIMI_SECTION_END, KIMI_CALL, KIMI_ARGS, KIMI_CALL_END)
_ID = re.compile(r"\s*(?:functions\.)?([^\s<:][^<]*?):\d+\s*")


def read_kimi(text: str, start: int, end: int, opts: ParseOptions) -> Read:
    """Read ``text[start:end]`` as Kimi K2's tool-call section (or K3's XTML channels)."""
    if text.find(K3_SEP, start, end) != -1:
        return read_kimi_k3(text, start, end, opts)
    first = text.find(KIMI_SECTION, start, end)
    failure, think, pos = open_response(text, start, end, opts, first, MARKERS)
    if failure is not None:
        return fail(*failure)
    if first == -1:
        return no_calls(text, pos, end, think, MARKERS[1:])
    calls: list[ToolCall] = []
    cursor = first + len(KIMI_SECTION)
    while True:
        at = skip_space(text, cursor, end)
        if text.startswith(KIMI_SECTION_END, at, end):
            cursor = at + len(KIMI_SECTION_END)
            break
        where = f"call [{len(calls)}]"
        if not text.startswith(KIMI_CALL, at, end):
            if at >= end:
                return fail(*unclosed("<|tool_calls_section_begin|>"))
            return fail(R.INVALID_SYNTAX, f"{where}: text where <|tool_call_begin|> belongs")
        args_at = text.find(KIMI_ARGS, at, end)
        if args_at == -1:
            return fail(*unclosed(f"{where}: <|tool_call_begin|>"))
        named = _ID.fullmatch(text, at + len(KIMI_CALL), args_at)
        if named is None:
            shown = text[at + len(KIMI_CALL) : min(args_at, at + len(KIMI_CALL) + 40)]
            return fail(R.BAD_NAME, f"{where}: call id {shown!r} is not functions.NAME:INDEX")
        name = named.group(1)
        value, value_end, reason, message = raw_decode_strict(text, args_at + len(KIMI_ARGS))
        if reason is not None:
            if text.find(KIMI_CALL_END, args_at, end) == -1:
                return fail(*unclosed(f"{where} {name}"))
            return fail(reason, f"{where} {name}: {message}")
        args, reason, detail = arguments_value(value, f"{where} {name}", opts)
        if reason is not None:
            return fail(reason, detail)
        at = skip_space(text, value_end, end)
        if not text.startswith(KIMI_CALL_END, at, end):
            if at >= end:
                return fail(*unclosed(f"{where} {name}"))
            return fail(R.INVALID_JSON, f"{where} {name}: text after the arguments")
        calls.append(ToolCall(name, args))
        cursor = at + len(KIMI_CALL_END)
    failure = check_tail(text, cursor, end, opts, opens=(KIMI_SECTION, KIMI_CALL),
                         closes=MARKERS[1:])  # fmt: skip
    if failure is not None:
        return fail(*failure)
    return success(calls, think)


_K3_TOOLS, _K3_TOOLS_END = f"{K3_OPEN}tools{K3_SEP}", f"{K3_CLOSE}tools{K3_SEP}"
_K3_RESPONSE, _K3_RESPONSE_END = f"{K3_OPEN}response{K3_SEP}", f"{K3_CLOSE}response{K3_SEP}"
_K3_CALL, _K3_CALL_END = f"{K3_OPEN}call", f"{K3_CLOSE}call{K3_SEP}"
_K3_ARG, _K3_ARG_END = f"{K3_OPEN}argument", f"{K3_CLOSE}argument{K3_SEP}"
_K3_MARKERS = (_K3_TOOLS, _K3_TOOLS_END, _K3_CALL, _K3_CALL_END, _K3_ARG, _K3_ARG_END)
_ATTRS = re.compile(r'(?:\s+\w+="[^"<]*")*\s*')
_ATTR = re.compile(r'(\w+)="([^"<]*)"')


def _attrs(text: str, start: int, stop: int) -> dict[str, str] | None:
    """The ``key="value"`` attributes of ``text[start:stop]`` (unescaped), or ``None``."""
    if _ATTRS.fullmatch(text, start, stop) is None:
        return None
    return {
        k: v.replace("&quot;", '"').replace("&amp;", "&")
        for k, v in _ATTR.findall(text, start, stop)
    }


def read_kimi_k3(text: str, start: int, end: int, opts: ParseOptions) -> Read:
    """Read ``text[start:end]`` as Kimi K3's ``response`` and ``tools`` channels."""
    first = text.find(_K3_TOOLS, start, end)
    stop = first if first != -1 else end
    failure, think, pos = split_think(text, start, end, opts, stop, _K3_MARKERS)
    if failure is not None:
        return fail(*failure)
    # The response channel: its opening may have been part of the prompt.
    body_start = pos
    opened = text.find(_K3_RESPONSE, pos, stop)
    if opened != -1:
        if not blank(text, pos, opened):
            return fail(
                R.LEADING_TEXT, f"text before the response channel: {snippet(text, pos, opened)}"
            )
        body_start = opened + len(_K3_RESPONSE)
    closed = text.find(_K3_RESPONSE_END, body_start, stop)
    body_end = closed if closed != -1 else stop
    after_response = closed + len(_K3_RESPONSE_END) if closed != -1 else stop
    if first == -1:
        if (
            closed == -1
            and opened != -1
            and body_end == end
            and text.find(K3_OPEN, body_start, end) != -1
        ):
            return fail(R.STRAY_TAG, "an XTML channel marker without <|open|>tools<|sep|>")
        for marker in _K3_MARKERS[1:]:
            if text.find(marker, body_start, end) != -1:
                return fail(R.STRAY_TAG, f"{marker} without <|open|>tools<|sep|>")
        return text_answer(text, body_start, body_end, think)
    if not opts.allow_surrounding_text and not (
        blank(text, body_start, body_end) and blank(text, after_response, first)
    ):
        return fail(R.LEADING_TEXT, f"text before the tools: {snippet(text, body_start, first)}")
    calls: list[ToolCall] = []
    cursor = first + len(_K3_TOOLS)
    while True:
        at = skip_space(text, cursor, end)
        if text.startswith(_K3_TOOLS_END, at, end):
            cursor = at + len(_K3_TOOLS_END)
            break
        where = f"call [{len(calls)}]"
        if not text.startswith(_K3_CALL, at, end):
            if at >= end:
                return fail(*unclosed("<|open|>tools<|sep|>"))
            return fail(R.INVALID_SYNTAX, f"{where}: text where a call belongs")
        head_end = text.find(K3_SEP, at, end)
        if head_end == -1:
            return fail(*unclosed(f"{where}: <|open|>call"))
        attrs = _attrs(text, at + len(_K3_CALL), head_end)
        name = attrs.get("tool", "") if attrs is not None else ""
        if not name:
            return fail(R.BAD_NAME, f'{where}: a call without tool="NAME"')
        args: dict[str, Any] = {}
        cursor = head_end + len(K3_SEP)
        while True:
            at = skip_space(text, cursor, end)
            if text.startswith(_K3_CALL_END, at, end):
                cursor = at + len(_K3_CALL_END)
                break
            if not text.startswith(_K3_ARG, at, end):
                if at >= end:
                    return fail(*unclosed(f"{where} {name}"))
                return fail(R.INVALID_SYNTAX, f"{where} {name}: text where an argument belongs")
            head_end = text.find(K3_SEP, at, end)
            if head_end == -1:
                return fail(*unclosed(f"{where} {name}: <|open|>argument"))
            attrs = _attrs(text, at + len(_K3_ARG), head_end)
            if attrs is None or not attrs.get("key"):
                return fail(R.BAD_NAME, f'{where} {name}: an argument without key="..."')
            key, kind = attrs["key"], attrs.get("type", "string")
            value_end = raw_value_end(
                text, head_end + len(K3_SEP), end, _K3_ARG_END, (_K3_ARG, _K3_CALL_END)
            )
            if value_end == -1:
                return fail(*unclosed(f"{where} {name}: argument {key}"))
            raw = text[head_end + len(K3_SEP) : value_end]
            if kind == "string":
                value: Any = raw
            else:
                value, reason, message = strict_loads(raw)
                if reason is not None:
                    return fail(reason, f"{where} {name}.{key} (type={kind}): {message}")
            if key in args:
                return fail(R.DUPLICATE_KEY, f"{where} {name}: argument {key} given twice")
            args[key] = value
            cursor = value_end + len(_K3_ARG_END)
        calls.append(ToolCall(name, args))
    failure = check_tail(text, cursor, end, opts, opens=(_K3_TOOLS,), closes=_K3_MARKERS[1:])
    if failure is not None:
        return fail(*failure)
    return success(calls, think)
