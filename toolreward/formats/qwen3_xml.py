"""The ``qwen3_xml`` format (Qwen3-Coder, Qwen3.5): calls as XML-like tags, values as raw text.

```
<think>
optional reasoning
</think>

<tool_call>
<function=get_weather>
<parameter=city>
Paris
</parameter>
<parameter=days>
3
</parameter>
</function>
</tool_call>
```

Source: the assistant branch of Qwen3-Coder's ``chat_template.jinja``
(Qwen/Qwen3-Coder-30B-A3B-Instruct; the same branch in Qwen3.5's), which
writes ``<tool_call>\\n<function=NAME>\\n``, then per argument
``<parameter=KEY>\\n`` + value + ``\\n</parameter>\\n``, then
``</function>\\n</tool_call>``; a string value as it is, a mapping or list
as JSON, anything else through Jinja's ``string`` filter.  Cross-checked
with vLLM's ``qwen3coder_tool_parser.py`` (vllm-project/vllm @ 0b13f933).

* One ``<function=...>`` per ``<tool_call>`` block; blocks separated by
  whitespace.  A response with no block is a text answer.
* A value is the text between ``<parameter=KEY>`` and the first
  ``</parameter>`` followed by another ``<parameter=`` or ``</function>``
  (so a value may hold ``</parameter>``), less the one newline the
  template writes on each side.  Values are strings here; ``score`` and
  ``parse(tools=...)`` type them through the tool's schema
  (``toolreward.formats.raw_values``).
* A block cut off before its closing tags is ``unclosed_tool_call``.

>>> from toolreward.options import ParseOptions
>>> text = ("<tool_call>\\n<function=f>\\n<parameter=a>\\n1\\n</parameter>\\n"
...         "</function>\\n</tool_call>")
>>> read_qwen3_xml(text, 0, len(text), ParseOptions(format="qwen3_xml"))[2]
[ToolCall(name='f', arguments={'a': '1'})]
"""

from __future__ import annotations

from .. import reasons as R
from ..calls import ToolCall
from ..options import ParseOptions
from ..tags import (
    CLOSE_CALL,
    OPEN_CALL,
    QWEN_FUNCTION,
    QWEN_FUNCTION_END,
    QWEN_PARAMETER,
    QWEN_PARAMETER_END,
)
from .blocks import no_calls, open_response, raw_value_end, skip_space, unclosed
from .read import Read, fail, success
from .tail import check_tail

MARKERS = (OPEN_CALL, CLOSE_CALL, QWEN_FUNCTION, QWEN_FUNCTION_END)


def read_qwen3_xml(text: str, start: int, end: int, opts: ParseOptions) -> Read:
    """Read ``text[start:end]`` as Qwen3-Coder's XML tool calls."""
    first = text.find(OPEN_CALL, start, end)
    failure, think, pos = open_response(text, start, end, opts, first, MARKERS)
    if failure is not None:
        return fail(*failure)
    if first == -1:
        return no_calls(text, pos, end, think, MARKERS[1:])
    calls: list[ToolCall] = []
    cursor = first
    while True:
        where = f"call [{len(calls)}]"
        at = skip_space(text, cursor + len(OPEN_CALL), end)
        if not text.startswith(QWEN_FUNCTION, at, end):
            if at >= end:
                return fail(*unclosed(f"{where}: <tool_call>"))
            return fail(R.CALL_NOT_OBJECT, f"{where}: <tool_call> without <function=NAME>")
        name_end = text.find(">", at, end)
        if name_end == -1:
            return fail(*unclosed(f"{where}: <function="))
        name = text[at + len(QWEN_FUNCTION) : name_end].strip()
        if not name or "<" in name or "\n" in name:
            return fail(R.BAD_NAME, f"{where}: function name {name!r}")
        args: dict[str, str] = {}
        cursor = name_end + 1
        while True:
            at = skip_space(text, cursor, end)
            if text.startswith(QWEN_FUNCTION_END, at, end):
                cursor = at + len(QWEN_FUNCTION_END)
                break
            if not text.startswith(QWEN_PARAMETER, at, end):
                if at >= end:
                    return fail(*unclosed(f"{where} {name}: <function=...>"))
                return fail(
                    R.INVALID_SYNTAX, f"{where} {name}: text where a <parameter=...> belongs"
                )
            key_end = text.find(">", at, end)
            if key_end == -1:
                return fail(*unclosed(f"{where} {name}: <parameter="))
            key = text[at + len(QWEN_PARAMETER) : key_end].strip()
            if not key or "<" in key or "\n" in key:
                return fail(R.BAD_NAME, f"{where} {name}: parameter name {key!r}")
            value_end = raw_value_end(
                text, key_end + 1, end, QWEN_PARAMETER_END, (QWEN_PARAMETER, QWEN_FUNCTION_END)
            )
            if value_end == -1:
                return fail(*unclosed(f"{where} {name}: <parameter={key}>"))
            if key in args:
                return fail(R.DUPLICATE_KEY, f"{where} {name}: parameter {key} given twice")
            args[key] = _strip_one_newline(text[key_end + 1 : value_end])
            cursor = value_end + len(QWEN_PARAMETER_END)
        at = skip_space(text, cursor, end)
        if not text.startswith(CLOSE_CALL, at, end):
            if at >= end:
                return fail(*unclosed(f"{where}: <tool_call>"))
            return fail(
                R.INVALID_SYNTAX, f"{where} {name}: text between </function> and </tool_call>"
            )
        calls.append(ToolCall(name, args))
        cursor = at + len(CLOSE_CALL)
        at = skip_space(text, cursor, end)
        if not text.startswith(OPEN_CALL, at, end):
            break
        cursor = at
    failure = check_tail(text, cursor, end, opts, opens=(OPEN_CALL,), closes=MARKERS[1:])
    if failure is not None:
        return fail(*failure)
    return success(calls, think)


def _strip_one_newline(value: str) -> str:
    if value.startswith("\n"):
        value = value[1:]
    if value.endswith("\n"):
        value = value[:-1]
    return value
