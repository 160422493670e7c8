"""The tuple every format reader returns, and its failure form."""

from __future__ import annotations

from ..calls import ToolCall

Read = tuple[
    "str | None",  # error: a reason code, or None
    str,  # detail
    "list[ToolCall] | None",  # calls
    "list[bytes | str] | None",  # typed keys of the calls' arguments (for matching)
    "tuple[int, int] | None",  # think span
    "tuple[int, int] | None",  # payload span
]
"""What a reader returns: a plain tuple, cheap on the hot path."""


def fail(reason: str, detail: str) -> Read:
    """The ``Read`` of a structurally invalid completion."""
    return (reason, detail, None, None, None, None)


__all__ = ["Read", "ToolCall", "fail"]
