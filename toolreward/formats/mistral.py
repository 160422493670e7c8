"""The ``mistral`` format: ``[TOOL_CALLS]`` then a JSON list, or ``name{...}`` repeated.

```
[TOOL_CALLS][{"name": "get_weather", "arguments": {"city": "Paris"}}]
[TOOL_CALLS]get_weather{"city": "Paris"}[TOOL_CALLS]get_time{"tz": "CET"}
[TOOL_CALLS]get_weather[ARGS]{"city": "Paris"}
```

* List items are ``{"name", "arguments"}`` objects (an ``"id"`` key is allowed).
* A response without ``[TOOL_CALLS]`` is a text answer: no call.

>>> from toolreward.options import ParseOptions
>>> text = '[TOOL_CALLS]f{"a": 1}[TOOL_CALLS]g[ARGS]{}'
>>> read_mistral(text, 0, len(text), ParseOptions(format="mistral"))[2]
[ToolCall(name='f', arguments={'a': 1}), ToolCall(name='g', arguments={})]
"""

from __future__ import annotations

import re

from .. import reasons as R
from ..calls import ToolCall
from ..canonical import kind
from ..jsonio import raw_decode_strict
from ..options import ParseOptions
from ..tags import MISTRAL_ARGS as ARGS
from ..tags import MISTRAL_CALLS as MARKER
from .objects import arguments_value, call_from_object
from .read import Read, fail, success
from .tail import check_tail, text_answer
from .think import blank, snippet, split_think, think_tags_in

_NAME = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_.\-]*)")
_WS = re.compile(r"\s*")
_ID_KEY = frozenset({"id"})


def read_mistral(text: str, start: int, end: int, opts: ParseOptions) -> Read:
    """Read ``text[start:end]`` as Mistral tool calls."""
    first = text.find(MARKER, start, end)
    failure, think, pos = split_think(
        text, start, end, opts, first if first != -1 else end, (MARKER,)
    )
    if failure is not None:
        return fail(*failure)
    if first == -1:
        return text_answer(text, pos, end, think)
    if not opts.allow_surrounding_text and not blank(text, pos, first):
        return fail(R.LEADING_TEXT, f"text before {MARKER}: {snippet(text, pos, first)}")
    if think_tags_in(text, pos, first):
        return fail(R.MULTIPLE_THINK_BLOCKS, "a think tag outside the think block")
    body = text[:end]
    cursor = _WS.match(body, first + len(MARKER)).end()  # type: ignore[union-attr]
    calls: list[ToolCall] = []
    if body.startswith("[", cursor):
        value, cursor, reason, message = raw_decode_strict(body, cursor)
        if reason is not None:
            return fail(reason, f"payload: {message}")
        for i, item in enumerate(value):
            if type(item) is not dict:
                return fail(R.CALL_NOT_OBJECT, f"call [{i}] is a {kind(item)}, not an object")
            call, reason, detail = call_from_object(item, f"call [{i}]", opts, other_keys=_ID_KEY)
            if reason is not None:
                return fail(reason, detail)
            calls.append(call)
    else:
        while True:
            named = _NAME.match(body, cursor)
            if named is None:
                return fail(R.BAD_NAME, f"call [{len(calls)}]: no function name after {MARKER}")
            name, cursor = named.group(1), named.end()
            if body.startswith(ARGS, cursor):
                cursor += len(ARGS)
            value, cursor, reason, message = raw_decode_strict(body, cursor)
            if reason is not None:
                return fail(reason, f"call [{len(calls)}] {name}: {message}")
            args, reason, detail = arguments_value(value, f"call [{len(calls)}] {name}", opts)
            if reason is not None:
                return fail(reason, detail)
            calls.append(ToolCall(name, args))
            cursor = _WS.match(body, cursor).end()  # type: ignore[union-attr]
            if not body.startswith(MARKER, cursor):
                break
            cursor += len(MARKER)
    failure = check_tail(body, cursor, end, opts, opens=(MARKER,))
    if failure is not None:
        return fail(*failure)
    return success(calls, think)
