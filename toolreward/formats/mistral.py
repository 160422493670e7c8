"""The ``mistral`` format: ``[TOOL_CALLS]`` then a JSON list, or one ``[TOOL_CALLS]`` per call.

```
v3 and earlier:  [TOOL_CALLS][{"name": "get_weather", "arguments": {"city": "Paris"}}]
v11:             [TOOL_CALLS]get_weather[CALL_ID]a1B2c3D4e[ARGS]{"city": "Paris"}
v13 and later:   [THINK]reasoning[/THINK][TOOL_CALLS]get_weather[ARGS]{"city": "Paris"}
also read:       [TOOL_CALLS]get_weather{"city": "Paris"}[TOOL_CALLS]get_time{"tz": "CET"}
```

Source: mistral-common's instruct tokenizers
(``src/mistral_common/tokens/tokenizers/instruct.py`` @ b6c4f940:
``InstructTokenizerV11`` writes ``[TOOL_CALLS]`` name, ``[CALL_ID]`` id when
the call has one, ``[ARGS]`` and the arguments as JSON;
``InstructTokenizerV13`` drops the call id) and its ``[THINK]``/``[/THINK]``
control tokens (v13+).

* List items are ``{"name", "arguments"}`` objects (an ``"id"`` key is allowed).
* ``[CALL_ID]`` is followed by an alphanumeric id, then ``[ARGS]``.
* The reasoning is ``[THINK]...[/THINK]`` when the response uses those
  tokens, else ``<think>...</think>``; the think rules apply to either.
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
from ..tags import MISTRAL_CALL_ID as CALL_ID
from ..tags import MISTRAL_CALLS as MARKER
from ..tags import MISTRAL_THINK_TAGS, THINK_TAGS
from .objects import arguments_value, call_from_object
from .read import Read, fail, success
from .tail import check_tail, text_answer
from .think import blank, snippet, split_think, think_tags_in

_NAME = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_.\-]*)")
_CALL_ID = re.compile(r"[A-Za-z0-9]+")
_WS = re.compile(r"\s*")
_ID_KEY = frozenset({"id"})


def read_mistral(text: str, start: int, end: int, opts: ParseOptions) -> Read:
    """Read ``text[start:end]`` as Mistral tool calls."""
    first = text.find(MARKER, start, end)
    stop = first if first != -1 else end
    mistral_think = any(text.find(tag, start, stop) != -1 for tag in MISTRAL_THINK_TAGS)
    tags = MISTRAL_THINK_TAGS if mistral_think else THINK_TAGS
    failure, think, pos = split_think(text, start, end, opts, stop, (MARKER,), tags)
    if failure is not None:
        return fail(*failure)
    if first == -1:
        return text_answer(text, pos, end, think)
    if not opts.allow_surrounding_text and not blank(text, pos, first):
        return fail(R.LEADING_TEXT, f"text before {MARKER}: {snippet(text, pos, first)}")
    if think_tags_in(text, pos, first) or any(
        text.find(t, pos, first) != -1 for t in MISTRAL_THINK_TAGS
    ):
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
            if body.startswith(CALL_ID, cursor):
                call_id = _CALL_ID.match(body, cursor + len(CALL_ID))
                if call_id is None or not body.startswith(ARGS, call_id.end()):
                    return fail(
                        R.BAD_NAME,
                        f"call [{len(calls)}] {name}: [CALL_ID] needs an id, then [ARGS]",
                    )
                cursor = call_id.end()
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
    failure = check_tail(body, cursor, end, opts, opens=(MARKER,), closes=MISTRAL_THINK_TAGS)
    if failure is not None:
        return fail(*failure)
    return success(calls, think)
