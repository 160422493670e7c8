"""Result types: ``Parsed`` (what a parser read), ``Verdict`` (the reward) and
``Failure`` (what every check returns).

``Parsed`` and ``Verdict`` are immutable named tuples: cheap to build on the
hot path, picklable across process pools, and readable by attribute.

**The check convention.**  Every rule check in the package (a think rule, a
schema check, a call comparison, a BFCL value rule) returns ``None`` when
the input passes, and a ``Failure`` -- the pair ``(reason code, detail
line)`` -- when it does not.  Checks that also produce a value (the decoders,
the format readers) return it beside a reason that is ``None`` on success.

>>> Verdict(1.0, True, True, "ok").to_dict()
{'reward': 1.0, 'format_ok': True, 'calls_ok': True, 'reason': 'ok', 'detail': ''}
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, NamedTuple, TypeAlias

from .calls import ToolCall
from .jsonio import LONE_SURROGATE
from .reasons import INTERNAL_ERROR, OK

Failure: TypeAlias = tuple[str, str]
"""A failed check: ``(reason code, one-line detail)``; a passed check is ``None``."""


class Parsed(NamedTuple):
    """What a parser found in a completion.

    Attributes:
        think: the reasoning text inside the think block, or ``None``.
        calls: the calls in order (``[]`` for an explicit "no call"), or
            ``None`` when the completion is not structurally valid.
        error: a reason code from :mod:`toolreward.reasons`, or ``None``.
        detail: one human-readable line about the error ("" when none).
        spans: character ``(start, end)`` offsets into the text that was
            parsed, for diagnostics: ``"response"`` (after chat markers and
            end tokens are removed), ``"think"`` (the reasoning) and
            ``"payload"`` (the text between the tool_call tags), where found.
    """

    think: str | None
    calls: list[ToolCall] | None
    error: str | None = None
    detail: str = ""
    spans: Mapping[str, tuple[int, int]] = MappingProxyType({})

    @property
    def ok(self) -> bool:
        """True when the completion is structurally valid."""
        return self.error is None


class Verdict(NamedTuple):
    """The judgement of one completion.

    Attributes:
        reward: exactly ``1.0`` or ``0.0``.
        format_ok: the completion is structurally valid.
        calls_ok: the calls are functionally correct (implies ``format_ok``).
        reason: ``"ok"`` when the reward is 1, else a stable reason code.
        detail: one line naming what differed ("" when the reward is 1).
    """

    reward: float
    format_ok: bool
    calls_ok: bool
    reason: str
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The verdict as a plain dict (JSON-serialisable)."""
        return self._asdict()


PASS = Verdict(1.0, True, True, OK, "")
"""The verdict of a correct completion (one shared instance)."""


def json_safe(text: str) -> str:
    """``text`` with each lone surrogate (``"\\ud800"`` decoded from a policy's
    JSON) replaced by U+FFFD, so that a detail line always encodes as UTF-8.

    >>> json_safe("got \\ud800!") == "got \\ufffd!"
    True
    """
    return text if text.isascii() else LONE_SURROGATE.sub("\ufffd", text)


def deliverable(verdict: Verdict) -> Verdict:
    """``verdict`` with a detail line that is safe to write anywhere (see ``json_safe``)."""
    detail = verdict.detail
    if detail and not detail.isascii() and LONE_SURROGATE.search(detail):
        return verdict._replace(detail=json_safe(detail))
    return verdict


def internal_error(exc: BaseException) -> Verdict:
    """The verdict of a sample whose scoring raised ``exc`` unexpectedly (a bug, logged
    by the caller): reward 0, so that one sample never stops a batch."""
    detail = json_safe(f"internal error ({type(exc).__name__}): {exc}"[:300])
    return Verdict(0.0, False, False, INTERNAL_ERROR, detail)
