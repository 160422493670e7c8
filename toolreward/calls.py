"""``ToolCall``: one function call, with a canonical, hashable form.

Two calls are equal when their names are equal and their arguments are equal
under the canonical value rules of :mod:`toolreward.canonical` (object key
order ignored, ``1 == 1.0``, a bool is never a number).

``ToolCall`` is a ``msgspec.Struct``, so a payload decodes straight into
calls: the decoder itself checks that each call has exactly the keys
``name`` (a non-empty string) and ``arguments`` (an object).

>>> ToolCall("f", {"a": 1, "b": [1, 2]}) == ToolCall("f", {"b": [1.0, 2], "a": 1})
True
>>> ToolCall("f", {"a": True}) == ToolCall("f", {"a": 1})
False
>>> len({ToolCall("f", {"x": {"k": 1}}), ToolCall("f", {"x": {"k": 1.0}})})
1
"""

from __future__ import annotations

from typing import Annotated, Any

import msgspec

from .canonical import canon, typed_key


class ToolCall(msgspec.Struct, frozen=True, eq=False, forbid_unknown_fields=True):
    """A function call: ``name`` and a JSON-object ``arguments`` dict."""

    name: Annotated[str, msgspec.Meta(min_length=1)]
    arguments: dict[str, Any]

    def canonical(self) -> tuple[str, Any]:
        """The hashable canonical form ``(name, canonical arguments)``."""
        return (self.name, canon(self.arguments))

    def typed_key(self) -> bytes | str:
        """Key of the arguments under the paper's rule (``1 != 1.0``)."""
        return typed_key(self.arguments)

    def to_dict(self) -> dict[str, Any]:
        """The call as ``{"name": ..., "arguments": ...}``."""
        return {"name": self.name, "arguments": self.arguments}

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ToolCall):
            return NotImplemented
        return self.canonical() == other.canonical()

    def __hash__(self) -> int:
        return hash(self.canonical())


decode_calls = msgspec.json.Decoder(list[ToolCall] | ToolCall).decode
"""Decode a payload straight into calls; raises ``msgspec`` errors otherwise."""
