"""The ``openai`` format: OpenAI ``tool_calls``, as JSON text or as Python objects.

Accepted shapes (as JSON text, or passed directly as a dict/list):

* a list of tool calls ``[{"type": "function", "id": ..., "function":
  {"name": ..., "arguments": "<JSON string>"}}]``;
* a chat message ``{"role": "assistant", "content": ..., "tool_calls": [...]}``;
* TRL's structured message, where ``arguments`` is already an object and the
  reasoning sits in ``reasoning_content``.

``arguments`` given as a string must decode (strictly) to an object; a string
that decodes to another string (double encoding) is ``arguments_not_object``,
never an empty call.  A message without ``tool_calls`` (or with ``null`` or
``[]``) makes no call.

>>> read_openai_value({"tool_calls": [{"type": "function", "function":
...     {"name": "f", "arguments": "{\\"a\\": 1}"}}]}, ParseOptions(format="openai"))[2]
[ToolCall(name='f', arguments={'a': 1})]
"""

from __future__ import annotations

from typing import Any

from .. import reasons as R
from ..calls import ToolCall
from ..canonical import kind
from ..jsonio import strict_loads
from ..options import ParseOptions
from .content import no_content
from .objects import arguments_value
from .read import Read, fail, success
from .tail import check_tail, value_end

_CALL_KEYS = frozenset({"type", "id", "function", "index"})
_FUNCTION_KEYS = frozenset({"name", "arguments"})
_MESSAGE_KEYS = frozenset(
    {"role", "content", "tool_calls", "reasoning_content", "name", "refusal", "function_call"}
)


def read_openai(text: str, start: int, end: int, opts: ParseOptions) -> Read:
    """Read ``text[start:end]`` as OpenAI tool calls in JSON."""
    value, reason, message = strict_loads(text[start:end])
    if reason is not None:
        stop = value_end(text, start, end)
        if stop is not None:  # a JSON value, then more text
            failure = check_tail(text, stop, end, opts)
            if failure is not None:
                return fail(*failure)
            value, reason, message = strict_loads(text[start:stop])
    if reason is not None:
        return fail(reason, f"payload: {message}")
    return read_openai_value(value, opts)


def read_openai_value(value: Any, opts: ParseOptions) -> Read:
    """Read an already-decoded message or list of tool calls."""
    think: str | None = None
    if type(value) is dict:
        extra = set(value) - _MESSAGE_KEYS
        if extra:
            return fail(R.BAD_CALL_KEYS, f"message has unexpected keys {sorted(extra)}")
        reasoning = value.get("reasoning_content")
        if reasoning is not None and type(reasoning) is not str:
            return fail(R.BAD_CALL_KEYS, "reasoning_content is not a string")
        blank_reasoning = reasoning is not None and no_content(reasoning, 0, len(reasoning))
        if blank_reasoning and not opts.allow_empty_think:
            return fail(R.EMPTY_THINK, "reasoning_content is blank")
        think = reasoning
        tool_calls = value.get("tool_calls") or []
    elif type(value) is list:
        tool_calls = value
    else:
        return fail(R.PAYLOAD_NOT_LIST, f"payload is a {kind(value)}, not tool calls")
    mode = opts.think_mode
    if mode == "required" and think is None:
        return fail(R.MISSING_THINK, "no reasoning_content")
    if mode == "forbidden" and think is not None:
        return fail(R.THINK_FORBIDDEN, "reasoning_content present but think='forbidden'")
    if type(tool_calls) is not list:
        return fail(R.PAYLOAD_NOT_LIST, f"tool_calls is a {kind(tool_calls)}, not a list")
    content = value.get("content") if type(value) is dict else None
    if not tool_calls and type(value) is dict:
        if content is not None and type(content) is not str:
            return fail(R.BAD_CALL_KEYS, f"content is a {kind(content)}, not a string")
        if content is None or no_content(content, 0, len(content)):
            return fail(R.EMPTY_RESPONSE, "no tool_calls and no content")
    if tool_calls and type(content) is str and content.strip() and not opts.allow_surrounding_text:
        return fail(R.TRAILING_TEXT, f"message content beside tool_calls: {content.strip()[:40]!r}")
    calls: list[ToolCall] = []
    for i, item in enumerate(tool_calls):
        where = f"tool_calls[{i}]"
        if type(item) is not dict:
            return fail(R.CALL_NOT_OBJECT, f"{where} is a {kind(item)}, not an object")
        if set(item) - _CALL_KEYS or "function" not in item:
            return fail(R.BAD_CALL_KEYS, f"{where} has keys {sorted(item)}")
        if item.get("type", "function") != "function":
            return fail(R.BAD_CALL_KEYS, f"{where}.type is {item['type']!r}, not 'function'")
        function = item["function"]
        if type(function) is not dict:
            return fail(R.CALL_NOT_OBJECT, f"{where}.function is a {kind(function)}")
        if set(function) != _FUNCTION_KEYS:
            return fail(R.BAD_CALL_KEYS, f"{where}.function has keys {sorted(function)}")
        name = function["name"]
        if type(name) is not str or not name:
            return fail(R.BAD_NAME, f"{where}.function.name is not a non-empty string")
        args, reason, detail = arguments_value(
            function["arguments"], f"{where} {name}", opts, string_ok=True
        )
        if reason is not None:
            return fail(reason, detail)
        calls.append(ToolCall(name, args))
    return success(calls)
