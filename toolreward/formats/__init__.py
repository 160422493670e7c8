"""Format readers, one module each, registered by name.

A reader is ``reader(text, start, end, opts) -> Read`` over ``text[start:end]``
(the assistant response): a plain tuple ``(error, detail, calls, keys,
think_span, payload_span)``.  It never raises on any text.  ``parse`` turns
it into a ``Parsed``; ``score`` uses it directly.
"""

from __future__ import annotations

from collections.abc import Callable

from ..options import ParseOptions
from .tool_n1 import Read, read_tool_n1

Reader = Callable[[str, int, int, ParseOptions], Read]

FORMAT_READERS: dict[str, Reader] = {
    "tool_n1": read_tool_n1,
}

__all__ = ["FORMAT_READERS", "Read", "Reader"]
