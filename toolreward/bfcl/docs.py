"""BFCL function docs, indexed by name: each parameter's declared type, and the required names.

BFCL gives every test entry its ``function`` field: a list of docs with a
``name`` and JSON-Schema-like ``parameters`` whose types are BFCL's own
(``dict``, ``float``, ``tuple``, ``any``, and the Java/JavaScript type names).
An unknown type is a ``ToolsError``.  The docs are read by ``toolreward.tools``
like any tool list (and cached with it); this module adds BFCL's view.
"""

from __future__ import annotations

from typing import Any

from ..errors import ToolsError
from ..tools import ToolIndex, load_tools
from .languages import JAVA_TYPES, JS_TYPES

PY_TYPES: dict[str, type] = {
    "string": str,
    "integer": int,
    "float": float,
    "boolean": bool,
    "array": list,
    "tuple": list,
    "dict": dict,
    "any": str,
}
"""BFCL's Python type names and the Python types its checker demands."""


class Docs:
    """BFCL function docs by name: declared property types and required names."""

    __slots__ = ("by_name",)

    def __init__(self, index: ToolIndex) -> None:
        self.by_name: dict[str, dict[str, Any]] = {}
        for name, params in index.params.items():
            props = params.get("properties") or {}
            for arg, spec in props.items():
                kind = spec.get("type") if isinstance(spec, dict) else None
                if kind not in PY_TYPES and kind not in JAVA_TYPES and kind not in JS_TYPES:
                    raise ToolsError(
                        f"tools[{name}].parameters.properties.{arg}: unknown BFCL type {kind!r}"
                    )
            self.by_name[name] = {
                "properties": props,
                "required": list(params.get("required") or []),
            }


def load_docs(tools: Any) -> Docs:
    """``Docs`` for BFCL's function docs, read once per tool list (``toolreward.tools``)."""
    if tools is None:
        raise ToolsError("preset 'bfcl' needs tools=[function docs] (BFCL's 'function' field)")
    index = load_tools(tools)
    assert index is not None
    docs = index.derived.get("bfcl")
    if docs is None:
        docs = index.derived["bfcl"] = Docs(index)
    return docs
