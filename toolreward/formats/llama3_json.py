"""The ``llama3_json`` format (Llama 3.1/3.3 JSON tool calls).

```
<|python_tag|>{"name": "get_weather", "parameters": {"city": "Paris"}}; {"name": "f", ...}
```

* An optional ``<|python_tag|>`` prefix, then one or more JSON objects with
  ``"name"`` and ``"parameters"`` (or ``"arguments"``; not both), separated
  by ``;`` or newlines.
* A response that does not start with ``<|python_tag|>`` or ``{`` is a text
  answer: no call.

>>> from toolreward.options import ParseOptions
>>> text = '{"name": "f", "parameters": {"a": 1}};\\n{"name": "g", "arguments": {}}'
>>> read_llama3_json(text, 0, len(text), ParseOptions(format="llama3_json"))[2]
[ToolCall(name='f', arguments={'a': 1}), ToolCall(name='g', arguments={})]
"""

from __future__ import annotations

import re

from .. import reasons as R
from ..calls import ToolCall
from ..jsonio import raw_decode_strict
from ..options import ParseOptions
from ..tags import PYTHON_TAG
from .objects import call_from_object
from .read import Read, fail, success
from .tail import check_tail, text_answer
from .think import snippet, split_think

_SPACE = re.compile(r"[ \t\r]*")
_WS = re.compile(r"\s*")


def read_llama3_json(text: str, start: int, end: int, opts: ParseOptions) -> Read:
    """Read ``text[start:end]`` as Llama-3 JSON tool calls."""
    tag = text.find(PYTHON_TAG, start, end)
    # Without <|python_tag|> the calls start at the first "{": a markerless payload.
    failure, think, pos = split_think(
        text, start, end, opts, tag if tag != -1 else None, (PYTHON_TAG,)
    )
    if failure is not None:
        return fail(*failure)
    cursor = _WS.match(text, pos, end).end()  # type: ignore[union-attr]
    if text.startswith(PYTHON_TAG, cursor):
        cursor += len(PYTHON_TAG)
    elif cursor >= end or text[cursor] != "{":
        if tag != -1:
            return fail(R.LEADING_TEXT, f"text before {PYTHON_TAG}: {snippet(text, pos, tag)}")
        return text_answer(text, pos, end, think)
    # One copy of the response, not one per call: the decoder must not read past ``end``.
    body = text if end == len(text) else text[:end]
    calls: list[ToolCall] = []
    while True:
        value, value_end, reason, message = raw_decode_strict(body, cursor)
        if reason is not None:
            return fail(reason, f"call [{len(calls)}]: {message}")
        if type(value) is not dict:
            return fail(R.CALL_NOT_OBJECT, f"call [{len(calls)}] is a {type(value).__name__}")
        args_key = "parameters" if "parameters" in value else "arguments"
        call, reason, detail = call_from_object(value, f"call [{len(calls)}]", opts, args_key)
        if reason is not None:
            return fail(reason, detail)
        calls.append(call)
        cursor = _SPACE.match(body, value_end, end).end()  # type: ignore[union-attr]
        if cursor < end and body[cursor] in ";\n":
            cursor = _WS.match(body, cursor + 1, end).end()  # type: ignore[union-attr]
            if cursor < end and body[cursor] == "{":
                continue
        break
    failure = check_tail(body, cursor, end, opts, opens=(PYTHON_TAG,))
    if failure is not None:
        return fail(*failure)
    return success(calls, think)
