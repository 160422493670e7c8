"""The ``kimi`` format (Kimi K2): a section of calls, each with an id ``functions.NAME:INDEX``.

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

>>> from toolreward.options import ParseOptions
>>> text = ('<|tool_calls_section_begin|><|tool_call_begin|>functions.f:0'
...         '<|tool_call_argument_begin|>{"a": 1}<|tool_call_end|><|tool_calls_section_end|>')
>>> read_kimi(text, 0, len(text), ParseOptions(format="kimi"))[2]
[ToolCall(name='f', arguments={'a': 1})]
"""

from __future__ import annotations

import re

from .. import reasons as R
from ..calls import ToolCall
from ..jsonio import raw_decode_strict
from ..options import ParseOptions
from ..tags import KIMI_ARGS, KIMI_CALL, KIMI_CALL_END, KIMI_SECTION, KIMI_SECTION_END
from .blocks import no_calls, open_response, skip_space, unclosed
from .objects import arguments_value
from .read import Read, fail, success
from .tail import check_tail

MARKERS = (KIMI_SECTION, KIMI_SECTION_END, KIMI_CALL, KIMI_ARGS, KIMI_CALL_END)
_ID = re.compile(r"\s*(?:functions\.)?([^\s<:][^<]*?):\d+\s*")


def read_kimi(text: str, start: int, end: int, opts: ParseOptions) -> Read:
    """Read ``text[start:end]`` as Kimi K2's tool-call section."""
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
