"""Schema stage: validate each call against its tool's JSON Schema (``jsonschema``).

Tool specs come as OpenAI function specs or in BFCL's dialect; both are
turned into one JSON Schema (draft 2020-12) per tool, compiled once and
cached with the tool index:

* type names: ``dict`` and the Java/JS map types mean ``object``; ``float``,
  ``double`` mean ``number``; ``tuple``, ``list``, ``Array``, ``ArrayList``
  mean ``array``; ``int``, ``long``, ``short``, ``byte``, ``Bigint`` mean
  ``integer``; ``String``, ``char`` mean ``string``; ``any`` means no
  constraint.  Any other type name is a ``ToolsError``;
* the top-level parameters object allows no argument it does not declare
  (``additionalProperties: false``) unless the spec says otherwise.

Violations and their reason codes (the detail names the JSON path):

| reason | when |
|---|---|
| ``unknown_function`` | the call names no tool in ``tools`` |
| ``missing_required_argument`` | a ``required`` argument is absent |
| ``unexpected_argument`` | an argument the schema does not declare |
| ``argument_type_mismatch`` | a value of the wrong JSON type |
| ``enum_violation`` | a value outside ``enum`` (or unequal to ``const``) |
| ``schema_violation`` | any other keyword (``minimum``, ``pattern``, ...) |

>>> from toolreward.tools import load_tools
>>> tools = load_tools([{"name": "f", "parameters": {"type": "dict",
...     "properties": {"n": {"type": "integer"}}, "required": ["n"]}}])
>>> from toolreward.calls import ToolCall
>>> print(*check_calls([ToolCall("f", {"n": "3"})], tools))
argument_type_mismatch call [0] f: arguments.n: '3' is not of type 'integer'
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from . import reasons as R
from .calls import ToolCall
from .canonical import canon
from .errors import ToolsError
from .results import Failure

_TYPES = {
    "object": "object", "dict": "object", "HashMap": "object", "Map": "object",
    "Object": "object", "map": "object",
    "array": "array", "list": "array", "tuple": "array", "Array": "array",
    "ArrayList": "array", "List": "array",
    "number": "number", "float": "number", "double": "number", "Double": "number",
    "Float": "number",
    "integer": "integer", "int": "integer", "long": "integer", "short": "integer",
    "byte": "integer", "Integer": "integer", "Long": "integer", "Bigint": "integer",
    "bigint": "integer",
    "string": "string", "String": "string", "char": "string", "str": "string",
    "boolean": "boolean", "bool": "boolean", "Boolean": "boolean",
    "null": "null",
}  # fmt: skip
_PRIORITY = {"additionalProperties": 0, "required": 1, "type": 2, "enum": 3, "const": 3}
_REASONS = {
    "required": R.MISSING_REQUIRED_ARGUMENT,
    "additionalProperties": R.UNEXPECTED_ARGUMENT,
    "type": R.ARGUMENT_TYPE_MISMATCH,
    "enum": R.ENUM_VIOLATION,
    "const": R.ENUM_VIOLATION,
}


def to_json_schema(params: Any, path: str) -> dict[str, Any]:
    """The JSON Schema of a tool's ``parameters`` (OpenAI or BFCL dialect)."""
    if not isinstance(params, dict):
        raise ToolsError(f"{path}: expected an object schema, got {type(params).__name__}")
    schema = _convert(params, path)
    schema.setdefault("type", "object")
    if schema.get("type") == "object":
        schema.setdefault("additionalProperties", False)
    return schema


def _convert(node: Any, path: str) -> Any:
    if isinstance(node, list):
        return [_convert(item, f"{path}[{i}]") for i, item in enumerate(node)]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "type":
            mapped = _type(value, f"{path}.type")
            if mapped is not None:
                out["type"] = mapped
        elif key == "properties" and isinstance(value, dict):
            out[key] = {p: _convert(s, f"{path}.properties.{p}") for p, s in value.items()}
        elif key in ("items", "additionalProperties", "anyOf", "oneOf", "allOf", "not"):
            out[key] = _convert(value, f"{path}.{key}")
        elif key in ("description", "title", "default", "examples"):
            continue  # documentation: never a constraint
        else:
            out[key] = value
    return out


def _type(value: Any, path: str) -> Any:
    if isinstance(value, list):
        mapped = [_type(v, path) for v in value]
        return None if None in mapped else mapped
    if value == "any":
        return None
    if not isinstance(value, str) or value not in _TYPES:
        raise ToolsError(f"{path}: unknown type {value!r}")
    return _TYPES[value]


def compile_validator(params: Any, path: str) -> Any:
    """A compiled ``jsonschema`` validator for a tool's parameters."""
    import jsonschema  # imported on first use: plain scoring never needs it

    schema = to_json_schema(params, path)
    validator_class = _validator_class()
    try:
        validator_class.check_schema(schema)
    except jsonschema.SchemaError as exc:
        raise ToolsError(f"{path}: not a valid JSON Schema: {exc.message}") from None
    return validator_class(schema)


@lru_cache(maxsize=1)
def _validator_class() -> Any:
    """Draft 2020-12 with a linear ``uniqueItems``.

    jsonschema compares the items of an array pairwise, which is quadratic in
    an array the policy writes; equal items have equal canonical forms
    (``toolreward.canonical.canon``: ``1 == 1.0``, ``true != 1``, key order
    ignored, as JSON Schema defines equality), so one hash set suffices.
    """
    import jsonschema
    from jsonschema import validators

    base = jsonschema.Draft202012Validator

    def unique_items(validator: Any, unique: Any, instance: Any, schema: Any) -> Any:
        if not unique or not validator.is_type(instance, "array"):
            return
        seen: set[Any] = set()
        try:
            for item in instance:
                key = canon(item)
                if key in seen:
                    yield jsonschema.ValidationError("array items are not unique")
                    return
                seen.add(key)
        except TypeError:  # not a JSON value: jsonschema's own rule decides
            yield from base.VALIDATORS["uniqueItems"](validator, unique, instance, schema)

    return validators.extend(base, {"uniqueItems": unique_items})


_MESSAGE_LIMIT = 200


def check_calls(
    calls: list[ToolCall], tools: Any, typed_keys: list[bytes | str] | None = None
) -> Failure | None:
    """``None`` when every call fits its tool's schema, else the first violation.

    ``typed_keys`` (exact keys of the arguments, from the readers) let outcomes
    be remembered: in a GRPO group the same arguments come back again and
    again, and validation is a pure function of the tool and the arguments.
    """
    memo = tools.schema_memo
    for i, call in enumerate(calls):
        key = (call.name, typed_keys[i]) if typed_keys is not None else None
        failure = memo.get(key, _UNSEEN) if key is not None else _UNSEEN
        if failure is _UNSEEN:
            failure = _check_one(call, tools)
            if key is not None:
                if len(memo) >= _MEMO_SIZE:
                    memo.clear()
                memo[key] = failure
        if failure is not None:
            return failure[0], f"call [{i}] {failure[1]}"
    return None


_MEMO_SIZE = 4096
_UNSEEN: Any = object()


def _check_one(call: ToolCall, tools: Any) -> Failure | None:
    validator = tools.validator(call.name)
    if validator is None:
        return R.UNKNOWN_FUNCTION, f"{call.name}: no such tool"
    errors = list(validator.iter_errors(call.arguments))
    if not errors:
        return None
    # One stable choice when several keywords fail: the most basic first.
    error = min(errors, key=lambda e: (_PRIORITY.get(str(e.validator), 9), list(e.path)))
    where = "arguments" + "".join(
        f".{p}" if isinstance(p, str) and p.isidentifier() else f"[{p!r}]"
        for p in error.absolute_path
    )
    reason = _REASONS.get(str(error.validator), R.SCHEMA_VIOLATION)
    message = error.message  # it may quote the whole value: keep the line short
    if len(message) > _MESSAGE_LIMIT:
        message = message[: _MESSAGE_LIMIT - 3] + "..."
    return reason, f"{call.name}: {where}: {message}"
