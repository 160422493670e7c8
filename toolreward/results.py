"""Result types: ``Parsed`` (what a parser read), ``Verdict`` (the reward) and
``Failure`` (what every check returns).

``Parsed`` is an immutable named tuple; ``Verdict`` is an immutable record
read the same way (by attribute, index or unpacking), whose explanation may
be computed on first read.  Both are cheap to build on the hot path and
picklable across process pools.

**The check convention.**  Every rule check in the package (a think rule, a
schema check, a call comparison, a BFCL value rule) returns ``None`` when
the input passes, and a ``Failure`` -- the pair ``(reason code, detail
line)`` -- when it does not.  Checks that also produce a value (the decoders,
the format readers) return it beside a reason that is ``None`` on success.

>>> Verdict(1.0, True, True, "ok").to_dict()
{'reward': 1.0, 'format_ok': True, 'calls_ok': True, 'reason': 'ok', 'detail': ''}
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
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


class Verdict:
    """The judgement of one completion.

    Attributes:
        reward: exactly ``1.0`` or ``0.0``.
        format_ok: the completion is structurally valid.
        calls_ok: the calls are functionally correct (implies ``format_ok``).
        reason: ``"ok"`` when the reward is 1, else a stable reason code.
        detail: one line naming what differed ("" when the reward is 1).

    Immutable, and read like a named tuple: by attribute, by
    index, unpacked, ``_asdict()``, ``_replace()``; equal to a ``Verdict`` or
    a tuple with the same five fields; picklable.

    A verdict made by ``Verdict.unexplained`` knows its reward and flags and
    computes ``reason`` and ``detail`` when one of them is first read (the
    compiled core proves a wrong answer wrong; the Python scorer explains it
    only if asked, see ``toolreward.native``).  Reading any field, iterating,
    comparing, ``to_dict`` or pickling gives the same values either way.

    >>> v = Verdict.unexplained(0.0, True, False, lambda: Verdict(0.0, True, False, "x", "why"))
    >>> v.reward, v.reason, v.detail
    (0.0, 'x', 'why')
    """

    __slots__ = ("_detail", "_explain", "_reason", "calls_ok", "format_ok", "reward")
    _fields = ("reward", "format_ok", "calls_ok", "reason", "detail")

    reward: float
    format_ok: bool
    calls_ok: bool
    _reason: str
    _detail: str
    _explain: Callable[[], Verdict] | None

    # Built in __new__, as a named tuple is, so that pickles of named-tuple
    # verdicts (``copyreg.__newobj__(Verdict, *fields)``) load as well.
    def __new__(
        cls, reward: float, format_ok: bool, calls_ok: bool, reason: str, detail: str = ""
    ) -> Verdict:
        verdict = object.__new__(cls)
        _set(verdict, "reward", reward)
        _set(verdict, "format_ok", format_ok)
        _set(verdict, "calls_ok", calls_ok)
        _set(verdict, "_reason", reason)
        _set(verdict, "_detail", detail)
        _set(verdict, "_explain", None)
        return verdict

    @classmethod
    def unexplained(
        cls, reward: float, format_ok: bool, calls_ok: bool, explain: Callable[[], Verdict]
    ) -> Verdict:
        """A verdict whose ``reason`` and ``detail`` are ``explain()``'s, computed on first
        read; ``explain()`` must give the same reward and flags (if it does not, or
        raises, the reason is ``internal_error``)."""
        verdict = cls(reward, format_ok, calls_ok, "", "")  # reason and detail come from explain
        _set(verdict, "_explain", explain)
        return verdict

    @property
    def reason(self) -> str:
        if self._explain is not None:
            self._force()
        return self._reason

    @property
    def detail(self) -> str:
        if self._explain is not None:
            self._force()
        return self._detail

    def _force(self) -> None:
        explain = self._explain
        assert explain is not None
        try:
            full = explain()
        except Exception as exc:  # a bug: say so in the verdict, never raise on a read
            full = internal_error(exc)
            reason, detail = full.reason, full.detail
        else:
            if (full.reward, full.format_ok, full.calls_ok) == (
                self.reward,
                self.format_ok,
                self.calls_ok,
            ):
                reason, detail = full.reason, json_safe(full.detail)
            else:
                reason = INTERNAL_ERROR
                detail = json_safe(
                    f"the compiled core and the Python scorer disagree: {full!r}"[:300]
                )
        _set(self, "_reason", reason)
        _set(self, "_detail", detail)
        _set(self, "_explain", None)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"Verdict is immutable (cannot set {name!r})")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"Verdict is immutable (cannot delete {name!r})")

    def __iter__(self) -> Iterator[Any]:
        return iter((self.reward, self.format_ok, self.calls_ok, self.reason, self.detail))

    def __len__(self) -> int:
        return 5

    def __getitem__(self, index: Any) -> Any:
        return tuple(self)[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Verdict):
            return tuple(self) == tuple(other)
        if isinstance(other, tuple):
            return tuple(self) == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return (
            f"Verdict(reward={self.reward!r}, format_ok={self.format_ok!r}, "
            f"calls_ok={self.calls_ok!r}, reason={self.reason!r}, detail={self.detail!r})"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (Verdict, tuple(self))

    def _asdict(self) -> dict[str, Any]:
        return dict(zip(self._fields, self))

    def _replace(self, **changes: Any) -> Verdict:
        fields = self._asdict()
        unknown = changes.keys() - fields.keys()
        if unknown:
            raise ValueError(f"got unexpected field names: {sorted(unknown)!r}")
        fields.update(changes)
        return Verdict(**fields)

    def to_dict(self) -> dict[str, Any]:
        """The verdict as a plain dict (JSON-serialisable)."""
        return self._asdict()


_set = object.__setattr__


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
    if verdict._explain is not None:
        return verdict  # its explanation is made safe when computed
    detail = verdict._detail
    if detail and not detail.isascii() and LONE_SURROGATE.search(detail):
        return verdict._replace(detail=json_safe(detail))
    return verdict


def internal_error(exc: BaseException) -> Verdict:
    """The verdict of a sample whose scoring raised ``exc`` unexpectedly (a bug, logged
    by the caller): reward 0, so that one sample never stops a batch."""
    detail = json_safe(f"internal error ({type(exc).__name__}): {exc}"[:300])
    return Verdict(0.0, False, False, INTERNAL_ERROR, detail)
