"""The ``glm`` format (GLM-4.5, 4.6, 4.7 and 5): a name, then key/value tag pairs, values as text.

```
<think>reasoning</think>
<tool_call>get_weather
<arg_key>city</arg_key>
<arg_value>Paris</arg_value>
<arg_key>days</arg_key>
<arg_value>3</arg_value>
</tool_call>
```

GLM-4.7 and 5 write the same tags without the newlines:
``<tool_call>get_weather<arg_key>city</arg_key><arg_value>Paris</arg_value></tool_call>``.

Source: the assistant branch of the ``chat_template.jinja`` of
zai-org/GLM-4.5 (``'\\n<tool_call>' + tc.name``, then per argument
``<arg_key>{{ k }}</arg_key>\\n<arg_value>{{ v | tojson if v is not string
else v }}</arg_value>``) and of zai-org/GLM-4.7 (the same, compact).
Cross-checked with vLLM's ``glm4_moe_tool_parser.py`` (@ 5a314e9e) and
``glm47_moe_tool_parser.py`` (@ b91ee1b4).

* The name runs from ``<tool_call>`` to the first ``<arg_key>`` or
  ``</tool_call>``, less surrounding whitespace; blocks are separated by
  whitespace; a response with no block is a text answer.
* A value is the text between ``<arg_value>`` and the first
  ``</arg_value>`` followed by ``<arg_key>`` or ``</tool_call>``.  Values
  are strings here; ``score`` and ``parse(tools=...)`` type them through the
  tool's schema (``toolreward.formats.raw_values``).
* GLM writes ``<think></think>`` when thinking is off: pass
  ``allow_empty_think=True`` for such outputs.

>>> from toolreward.options import ParseOptions
>>> text = "<tool_call>f<arg_key>a</arg_key><arg_value>1</arg_value></tool_call>"
>>> read_glm(text, 0, len(text), ParseOptions(format="glm"))[2]
[ToolCall(name='f', arguments={'a': '1'})]
"""

from __future__ import annotations

from .. import reasons as R
from ..calls import ToolCall
from ..options import ParseOptions
from ..tags import CLOSE_CALL, GLM_KEY, GLM_KEY_END, GLM_VALUE, GLM_VALUE_END, OPEN_CALL
from .blocks import no_calls, open_response, raw_value_end, skip_space, unclosed
from .read import Read, fail, success
from .tail import check_tail

MARKERS = (OPEN_CALL, CLOSE_CALL, GLM_KEY, GLM_VALUE)


def read_glm(text: str, start: int, end: int, opts: ParseOptions) -> Read:
    """Read ``text[start:end]`` as GLM's tool calls."""
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
        name_start = cursor + len(OPEN_CALL)
        close = text.find(CLOSE_CALL, name_start, end)
        first_key = text.find(GLM_KEY, name_start, close if close != -1 else end)
        stop = first_key if first_key != -1 else close
        if stop == -1:
            return fail(*unclosed(f"{where}: <tool_call>"))
        name = text[name_start:stop].strip()
        if not name or "<" in name or "\n" in name:
            return fail(R.BAD_NAME, f"{where}: function name {name!r}")
        args: dict[str, str] = {}
        cursor = stop
        while True:
            at = skip_space(text, cursor, end)
            if text.startswith(CLOSE_CALL, at, end):
                cursor = at + len(CLOSE_CALL)
                break
            if not text.startswith(GLM_KEY, at, end):
                if at >= end:
                    return fail(*unclosed(f"{where} {name}: <tool_call>"))
                return fail(R.INVALID_SYNTAX, f"{where} {name}: text where an <arg_key> belongs")
            key_end = text.find(GLM_KEY_END, at, end)
            if key_end == -1:
                return fail(*unclosed(f"{where} {name}: <arg_key>"))
            key = text[at + len(GLM_KEY) : key_end]
            if not key or "<" in key:
                return fail(R.BAD_NAME, f"{where} {name}: argument name {key!r}")
            at = skip_space(text, key_end + len(GLM_KEY_END), end)
            if not text.startswith(GLM_VALUE, at, end):
                if at >= end:
                    return fail(*unclosed(f"{where} {name}: <arg_key>{key}</arg_key>"))
                return fail(R.INVALID_SYNTAX, f"{where} {name}: {key} has no <arg_value>")
            value_start = at + len(GLM_VALUE)
            value_end = raw_value_end(text, value_start, end, GLM_VALUE_END, (GLM_KEY, CLOSE_CALL))
            if value_end == -1:
                return fail(*unclosed(f"{where} {name}: <arg_value> of {key}"))
            if key in args:
                return fail(R.DUPLICATE_KEY, f"{where} {name}: argument {key} given twice")
            args[key] = text[value_start:value_end]
            cursor = value_end + len(GLM_VALUE_END)
        calls.append(ToolCall(name, args))
        at = skip_space(text, cursor, end)
        if not text.startswith(OPEN_CALL, at, end):
            break
        cursor = at
    failure = check_tail(text, cursor, end, opts, opens=(OPEN_CALL,), closes=MARKERS[1:])
    if failure is not None:
        return fail(*failure)
    return success(calls, think)
