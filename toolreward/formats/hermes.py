"""The ``hermes`` format (Qwen2.5's native tool calls): one block per call.

```
<think>optional reasoning</think>
<tool_call>
{"name": "get_weather", "arguments": {"city": "Paris"}}
</tool_call>
<tool_call>
{"name": "get_time", "arguments": {"tz": "CET"}}
</tool_call>
```

* Each block holds exactly one JSON call object; any number of blocks, only
  whitespace between them.
* A response with no block is a text answer: no call.
* The JSON is decoded from the opening tag on, so a literal ``</tool_call>``
  inside a string argument never cuts the call.

>>> from toolreward.options import ParseOptions
>>> text = '<tool_call>\\n{"name": "f", "arguments": {"s": "</tool_call>"}}\\n</tool_call>'
>>> read_hermes(text, 0, len(text), ParseOptions(format="hermes"))[2]
[ToolCall(name='f', arguments={'s': '</tool_call>'})]
"""

from __future__ import annotations

from .. import reasons as R
from ..calls import ToolCall
from ..jsonio import raw_decode_strict
from ..options import ParseOptions
from ..tags import CALL_TAGS, CLOSE_CALL, OPEN_CALL
from .objects import call_from_object
from .read import Read, fail, success
from .tail import check_tail, text_answer
from .think import blank, misplaced_think, snippet, split_think, think_tags_in


def read_hermes(text: str, start: int, end: int, opts: ParseOptions) -> Read:
    """Read ``text[start:end]`` as Hermes-style ``<tool_call>`` blocks."""
    find = text.find
    first = find(OPEN_CALL, start, end)
    failure, think, pos = split_think(
        text, start, end, opts, first if first != -1 else end, CALL_TAGS
    )
    if failure is not None:
        return fail(*failure)
    calls: list[ToolCall] = []
    cursor = pos
    while True:
        block = find(OPEN_CALL, cursor, end)
        if block == -1:
            break
        if think_tags_in(text, cursor, block):
            if calls:
                return fail(*misplaced_think(opts, "between the tool_call blocks"))
            return fail(R.MULTIPLE_THINK_BLOCKS, "a think tag outside the think block")
        if find(CLOSE_CALL, cursor, block) != -1:
            return fail(R.STRAY_TAG, "</tool_call> without <tool_call>")
        if not opts.allow_surrounding_text and not blank(text, cursor, block):
            where = R.TEXT_BETWEEN_BLOCKS if calls or think else R.LEADING_TEXT
            return fail(where, f"text before <tool_call>: {snippet(text, cursor, block)}")
        value, value_end, reason, message = raw_decode_strict(text, block + len(OPEN_CALL))
        close = find(CLOSE_CALL, value_end if reason is None else block, end)
        if close == -1:
            return fail(R.UNCLOSED_TOOL_CALL, f"block {len(calls)}: <tool_call> is never closed")
        if reason is not None:
            return fail(reason, f"block {len(calls)}: {message}")
        if not blank(text, value_end, close):
            return fail(R.INVALID_JSON, f"block {len(calls)}: text after the call object")
        if type(value) is not dict:
            return fail(R.CALL_NOT_OBJECT, f"block {len(calls)} holds a {type(value).__name__}")
        call, reason, detail = call_from_object(value, f"call [{len(calls)}]", opts)
        if reason is not None:
            return fail(reason, detail)
        calls.append(call)
        cursor = close + len(CLOSE_CALL)
    if not calls:  # a text answer: no call
        if find(CLOSE_CALL, cursor, end) != -1:
            return fail(R.STRAY_TAG, "</tool_call> without <tool_call>")
        return text_answer(text, cursor, end, think)
    failure = check_tail(text, cursor, end, opts, closes=(CLOSE_CALL,))
    if failure is not None:
        return fail(*failure)
    return success(calls, think)
