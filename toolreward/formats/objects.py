"""Call objects: the ``{"name": ..., "arguments": {...}}`` rules every JSON format shares.

>>> calls_from_payload([{"name": "f", "arguments": {"a": 1}}])
([ToolCall(name='f', arguments={'a': 1})], None, '')
>>> calls_from_payload({"name": "f", "arguments": {}})[0]
[ToolCall(name='f', arguments={})]
>>> calls_from_payload([{"name": "f"}])[1]
'bad_call_keys'
"""

from __future__ import annotations

import json
from typing import Any

from .. import reasons as R
from ..calls import ToolCall
from ..canonical import kind
from ..jsonio import strict_loads
from ..options import ParseOptions

_DEFAULT = ParseOptions()


def calls_from_payload(
    value: Any, opts: ParseOptions = _DEFAULT
) -> tuple[list[ToolCall], str | None, str]:
    """Validate a decoded payload as a list of calls (a bare object is one call)."""
    if type(value) is dict:
        items = [value]
    elif type(value) is list:
        items = value
    else:
        return [], R.PAYLOAD_NOT_LIST, f"payload is a {kind(value)}, not a list of calls"
    calls = []
    for i, item in enumerate(items):
        if type(item) is not dict:
            return [], R.CALL_NOT_OBJECT, f"call [{i}] is a {kind(item)}, not an object"
        call, reason, detail = call_from_object(item, f"call [{i}]", opts)
        if reason is not None:
            return [], reason, detail
        calls.append(call)
    return calls, None, ""


def call_from_object(
    item: dict[str, Any],
    where: str,
    opts: ParseOptions = _DEFAULT,
    args_key: str | None = None,
    other_keys: frozenset[str] = frozenset(),
) -> tuple[ToolCall, str | None, str]:
    """One call object with exactly the keys ``name`` and ``args_key`` (plus ``other_keys``).

    ``args_key`` defaults to ``"arguments"``, or ``"parameters"`` when the
    ``allow_parameters_key`` option is on and the object has only that one.
    """
    if args_key is None:
        args_key = "arguments"
        if opts.allow_parameters_key and "parameters" in item and "arguments" not in item:
            args_key = "parameters"
    keys = set(item) - other_keys
    if keys != {"name", args_key}:
        expected = f"name, {args_key}"
        return _NO_CALL, R.BAD_CALL_KEYS, f"{where} has keys {sorted(item)}; expected {expected}"
    name = item["name"]
    if type(name) is not str or not name:
        return _NO_CALL, R.BAD_NAME, f"{where} name {_short(name)} is not a non-empty string"
    args, reason, detail = arguments_value(item[args_key], f"{where} {name}", opts)
    if reason is not None:
        return _NO_CALL, reason, detail
    return ToolCall(name, args), None, ""


def arguments_value(
    args: Any, where: str, opts: ParseOptions = _DEFAULT, string_ok: bool = False
) -> tuple[dict[str, Any], str | None, str]:
    """Arguments as an object; a JSON string is decoded when allowed, and never twice."""
    if type(args) is str and (string_ok or opts.allow_string_arguments):
        decoded, err, message = strict_loads(args)
        if err is not None:
            return {}, R.ARGUMENTS_NOT_OBJECT, f"{where}: string arguments: {message}"
        if type(decoded) is str:
            return {}, R.ARGUMENTS_NOT_OBJECT, f"{where}: arguments are JSON-encoded twice"
        args = decoded
    if type(args) is not dict:
        return {}, R.ARGUMENTS_NOT_OBJECT, f"{where}: arguments is a {kind(args)}"
    return args, None, ""


_NO_CALL = ToolCall("-", {})


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."
