"""Tool specs: read OpenAI-style function specs once, keep what matching needs.

Accepted shapes for each spec (a list of them, or that list as a JSON string):

* ``{"type": "function", "function": {"name": ..., "parameters": {...}}}``
* ``{"name": ..., "parameters": {...}}``

Today the matcher uses the declared ``default`` of each parameter: an
argument omitted on one side and equal to its default on the other counts as
equal.  Indexes are cached by content, so a tool list passed with every
sample of a GRPO group, even as a fresh copy each time, is read once.

>>> index = load_tools([{"name": "f", "parameters": {"type": "object",
...     "properties": {"unit": {"type": "string", "default": "C"}}}}])
>>> index.raw_defaults
{'f': {'unit': 'C'}}
"""

from __future__ import annotations

import contextlib
from collections import OrderedDict
from typing import Any

from .canonical import canon, encode_sorted
from .errors import ToolsError
from .jsonio import strict_loads
from .results import Failure
from .schema import compile_validator


class ToolIndex:
    """What matching needs from a tool list.

    Attributes:
        defaults: ``{function: {argument: canonical default}}`` for every
            parameter that declares a ``default``.
        raw_defaults: the same defaults as plain JSON values.
        params: ``{function: parameters}`` as declared.
        schema_memo: schema outcomes by call (``toolreward.schema``).
        derived: other stages' views of the same tools, by stage name
            (the ``bfcl`` preset keeps its function docs here).
    """

    __slots__ = ("_validators", "defaults", "derived", "params", "raw_defaults", "schema_memo")

    def __init__(
        self,
        raw_defaults: dict[str, dict[str, Any]],
        params: dict[str, Any] | None = None,
    ) -> None:
        self.raw_defaults = raw_defaults
        self.params = params or {}
        self._validators: dict[str, Any] = {}
        self.schema_memo: dict[Any, Failure | None] = {}
        self.derived: dict[str, Any] = {}
        self.defaults = {
            fn: {arg: canon(v) for arg, v in args.items()} for fn, args in raw_defaults.items()
        }

    def validator(self, name: str) -> Any:
        """The compiled JSON Schema validator of tool ``name`` (``None``: no such tool)."""
        validator = self._validators.get(name)
        if validator is None and name in self.params:
            validator = self._validators[name] = compile_validator(
                self.params[name], f"tools[{name}].parameters"
            )
        return validator


_CACHE: OrderedDict[bytes | str, ToolIndex] = OrderedDict()
_CACHE_SIZE = 256


def load_tools(tools: Any) -> ToolIndex | None:
    """Index ``tools`` (``None`` gives ``None``); raise ``ToolsError`` if malformed.

    Indexes are cached by content (the JSON text as given, or a key-sorted
    encoding of the list), least recently used first out, at most
    ``_CACHE_SIZE`` of them: rows that carry a fresh copy of the same tool
    list, as TRL and verl batches do, share one index and its compiled schemas.
    """
    if tools is None:
        return None
    key = content_key(tools)
    if key is None:  # not JSON-encodable: read it uncached (it is likely an error)
        return _build(tools)
    index = _CACHE.get(key)
    if index is not None:
        with contextlib.suppress(KeyError):  # evicted by another thread meanwhile
            _CACHE.move_to_end(key)
        return index
    index = _CACHE[key] = _build(tools)
    if len(_CACHE) > _CACHE_SIZE:
        with contextlib.suppress(KeyError):
            _CACHE.popitem(last=False)
    return index


def content_key(value: Any) -> bytes | str | None:
    """A key equal for equal JSON content (object key order ignored), or ``None``."""
    if isinstance(value, str):
        return value
    if hasattr(value, "tolist") and not isinstance(value, (list, dict)):
        value = value.tolist()  # numpy arrays from parquet
    try:
        return encode_sorted(value)
    except (TypeError, ValueError, OverflowError, UnicodeEncodeError):
        return None


def _build(tools: Any) -> ToolIndex:
    if isinstance(tools, str):
        decoded, reason, message = strict_loads(tools)
        if reason is not None:
            raise ToolsError(f"tools: invalid JSON: {message}")
        tools = decoded
    if hasattr(tools, "tolist") and not isinstance(tools, (list, dict)):
        tools = tools.tolist()  # numpy arrays from parquet
    if isinstance(tools, dict):
        tools = [tools]
    if not isinstance(tools, (list, tuple)):
        raise ToolsError(f"tools: expected a list of function specs, got {type(tools).__name__}")
    defaults: dict[str, dict[str, Any]] = {}
    parameters: dict[str, Any] = {}
    for i, spec in enumerate(tools):
        if isinstance(spec, str):
            decoded, reason, message = strict_loads(spec)
            if reason is not None:
                raise ToolsError(f"tools[{i}]: invalid JSON: {message}")
            spec = decoded
        if not isinstance(spec, dict):
            raise ToolsError(f"tools[{i}]: expected an object, got {type(spec).__name__}")
        fn = spec.get("function", spec) if spec.get("type") == "function" else spec
        if not isinstance(fn, dict):
            raise ToolsError(f"tools[{i}].function: expected an object")
        name = fn.get("name")
        if not isinstance(name, str) or not name:
            raise ToolsError(f"tools[{i}]: missing or empty 'name'")
        params = fn.get("parameters") or {}
        if not isinstance(params, dict):
            raise ToolsError(f"tools[{i}] ({name}).parameters: expected an object")
        props = params.get("properties") or {}
        if not isinstance(props, dict):
            raise ToolsError(f"tools[{i}] ({name}).parameters.properties: expected an object")
        parameters[name] = params
        for arg, prop in props.items():
            if isinstance(prop, dict) and "default" in prop:
                try:
                    canon(prop["default"])
                    defaults.setdefault(name, {})[arg] = prop["default"]
                except TypeError as exc:
                    raise ToolsError(
                        f"tools[{i}] ({name}).parameters.properties.{arg}.default: {exc}"
                    ) from None
    return ToolIndex(defaults, parameters)
