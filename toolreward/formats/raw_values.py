"""Typing the raw-text argument values of XML-style formats through the tool's schema.

``qwen3_xml`` and ``glm`` write every argument value as text: the chat
templates render a string as it is and other values as JSON (GLM:
``tojson``) or through Jinja's ``string`` filter (Qwen3-Coder: ``True``,
``None``, ``1.5``; mappings and lists as JSON).  So a value's type is only
known from the tool's JSON Schema.  ``type_arguments`` converts each value by
its parameter's declared ``type``:

| declared | accepted text | value |
|---|---|---|
| ``string`` | anything | the text |
| ``integer`` | ``-?\\d+`` | int |
| ``number`` | a JSON number | int or float |
| ``boolean`` | ``true``/``false``, ``True``/``False`` | bool |
| ``null`` | ``null``, ``None`` | None |
| ``object``, ``array`` | JSON of that kind | dict, list |

A list of types is tried in order.  Text that fits none stays a string, and
the schema check then reports it (``argument_type_mismatch``).  Without
tools, or for a parameter without a declared type, values stay strings: a
raw-text format is never guessed at.

>>> from toolreward.calls import ToolCall
>>> from toolreward.tools import load_tools
>>> tools = load_tools([{"name": "f", "parameters": {"type": "object", "properties": {
...     "n": {"type": "integer"}, "on": {"type": "boolean"}, "tags": {"type": "array"}}}}])
>>> type_arguments([ToolCall("f", {"n": "3", "on": "True", "tags": '["a"]'})], tools)
[ToolCall(name='f', arguments={'n': 3, 'on': True, 'tags': ['a']})]
"""

from __future__ import annotations

import math
import re
from typing import Any

from ..calls import ToolCall
from ..jsonio import strict_loads
from ..tools import ToolIndex

RAW_VALUE_FORMATS = frozenset({"qwen3_xml", "glm"})
"""Formats whose argument values are raw text, typed by ``type_arguments``."""

_INT = re.compile(r"-?(?:0|[1-9]\d{0,3999})")
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?")
_BOOLS = {"true": True, "True": True, "false": False, "False": False}
_NO_VALUE = object()


def type_arguments(calls: list[ToolCall], index: ToolIndex | None) -> list[ToolCall]:
    """The calls with each raw value typed by its parameter's declared type."""
    if index is None:
        return calls
    out = []
    for call in calls:
        params = index.params.get(call.name)
        props = params.get("properties") if isinstance(params, dict) else None
        if not isinstance(props, dict):
            out.append(call)
            continue
        args = {}
        for key, value in call.arguments.items():
            spec = props.get(key)
            declared = spec.get("type") if isinstance(spec, dict) else None
            args[key] = typed_value(value, declared) if type(value) is str else value
        out.append(ToolCall(call.name, args))
    return out


def typed_value(text: str, declared: Any) -> Any:
    """``text`` as the first declared type it fits (see the module table), else ``text``."""
    kinds = declared if isinstance(declared, list) else [declared]
    for kind in kinds:
        if kind == "string":
            return text
        value = _as(text, kind)
        if value is not _NO_VALUE:
            return value
    return text


def _as(text: str, kind: Any) -> Any:
    if kind == "integer":
        return int(text) if _INT.fullmatch(text) else _NO_VALUE
    if kind == "number":
        if not _NUMBER.fullmatch(text) or len(text) > 4000:
            return _NO_VALUE
        if _INT.fullmatch(text):
            return int(text)
        number = float(text)
        return number if math.isfinite(number) else _NO_VALUE
    if kind == "boolean":
        return _BOOLS.get(text, _NO_VALUE)
    if kind == "null":
        return None if text in ("null", "None") else _NO_VALUE
    if kind in ("object", "array"):
        value, reason, _ = strict_loads(text)
        wanted = dict if kind == "object" else list
        return value if reason is None and type(value) is wanted else _NO_VALUE
    return _NO_VALUE
