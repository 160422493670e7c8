"""What every format reader returns: the ``Read`` tuple, built by ``fail`` or ``success``.

``success`` is the one place where the matcher's keys of the calls are
computed (the exact keys of the paper's rule, ``toolreward.canonical.typed_key``).
"""

from __future__ import annotations

from ..calls import ToolCall
from ..canonical import typed_key

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


def success(
    calls: list[ToolCall],
    think: tuple[int, int] | None = None,
    payload: tuple[int, int] | None = None,
    keys: list[bytes | str] | None = None,
) -> Read:
    """The ``Read`` of a structurally valid completion.

    ``keys`` may be passed by a reader that already holds them (the
    ``tool_n1`` fast path encodes the arguments anyway); else they are
    computed here.
    """
    if keys is None:
        keys = [typed_key(c.arguments) for c in calls]
    return (None, "", calls, keys, think, payload)


__all__ = ["Read", "ToolCall", "fail", "success"]
