"""BFCL function docs, indexed by name: each parameter's declared type, and the required names.

BFCL gives every test entry its ``function`` field: a list of docs with a
``name`` and JSON-Schema-like ``parameters`` whose types are BFCL's own
(``dict``, ``float``, ``tuple``, ``any``, and the Java/JavaScript type names).
An unknown type is a ``ToolsError``.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from ..errors import ToolsError
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

    def __init__(self, docs: Any) -> None:
        if isinstance(docs, dict):
            docs = [docs]
        if not isinstance(docs, list):
            raise ToolsError("preset 'bfcl' needs tools=[function docs] (BFCL's 'function' field)")
        self.by_name: dict[str, dict[str, Any]] = {}
        for i, doc in enumerate(docs):
            fn = doc.get("function", doc) if isinstance(doc, dict) else None
            if not isinstance(fn, dict) or not isinstance(fn.get("name"), str):
                raise ToolsError(f"tools[{i}]: expected a function doc with a 'name'")
            params = fn.get("parameters") or {}
            props = params.get("properties") or {}
            for arg, spec in props.items():
                kind = spec.get("type") if isinstance(spec, dict) else None
                if kind not in PY_TYPES and kind not in JAVA_TYPES and kind not in JS_TYPES:
                    raise ToolsError(f"tools[{i}] ({fn['name']}).{arg}: unknown BFCL type {kind!r}")
            self.by_name[fn["name"]] = {
                "properties": props,
                "required": list(params.get("required") or []),
            }


_DOCS: OrderedDict[Any, tuple[Any, Docs]] = OrderedDict()


def load_docs(tools: Any) -> Docs:
    """``Docs`` for a tool list, cached by identity (the list is kept alive)."""
    hit = _DOCS.get(id(tools))
    if hit is not None and hit[0] is tools:
        return hit[1]
    docs = Docs(tools)
    _DOCS[id(tools)] = (tools, docs)
    if len(_DOCS) > 256:
        _DOCS.popitem(last=False)
    return docs
