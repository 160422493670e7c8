"""Ground truth: accept every documented shape, validate it, cache it.

Accepted shapes:

* a list of ``{"name": str, "arguments": {...}}`` objects (``[]``: no call);
* the same list as a JSON string (how Tool-N1 stores it in parquet); a
  string that decodes to another JSON string is decoded once more;
* one such object, or one ``ToolCall``, or a list of ``ToolCall``;
* a numpy array of any of these, or UTF-8 bytes of the JSON string (the
  parquet round trip);
* BFCL's possible-answer form ``[{"func": {"arg": [allowed, ...]}}]``.

**Possible-answer detection rule.**  A non-empty list is read as possible
answers when *every* item is an object with exactly one key (other than
``"name"`` and ``"arguments"``) whose value is an object whose values are all
arrays.  ``""`` among an argument's allowed values
means the argument may be omitted.  A list mixing both forms is an error.

Anything else raises ``GroundTruthError`` with the path of the fault: a bad
ground truth is the caller's bug, never a silent reward of 0.

>>> load_ground_truth('[{"name": "f", "arguments": {"a": 1}}]').calls
(ToolCall(name='f', arguments={'a': 1}),)
>>> load_ground_truth([{"f": {"a": [1, 2], "b": [""]}}]).possible[0].args["b"].optional
True
"""

from __future__ import annotations

import contextlib
import math
import warnings
from typing import Any

import msgspec

from .calls import ToolCall
from .canonical import MAX_DEPTH, canon
from .errors import ArrowFillWarning, GroundTruthError
from .jsonio import strict_loads

_encode = msgspec.json.encode


class Allowed:
    """The allowed values of one argument in a possible answer."""

    __slots__ = ("_canon", "optional", "values")

    def __init__(self, values: list[Any]) -> None:
        self.values = values
        self.optional = "" in values
        self._canon: frozenset[Any] | None = None

    @property
    def canon(self) -> frozenset[Any]:
        """Canonical forms of the allowed values (computed on first use)."""
        if self._canon is None:
            self._canon = frozenset(canon(v) for v in self.values)
        return self._canon


class PossibleCall:
    """One call of a possible answer: a name and, per argument, its allowed values."""

    __slots__ = ("args", "name")

    def __init__(self, name: str, args: dict[str, Allowed]) -> None:
        self.name = name
        self.args = args

    def __repr__(self) -> str:
        return f"PossibleCall({self.name!r}, {{{', '.join(self.args)}}})"


class GroundTruth:
    """A validated ground truth: exactly one of ``calls`` and ``possible`` is set.

    ``memo`` holds per-matcher derived forms (canonical keys, per tool list),
    so that a ground truth repeated across a GRPO group is prepared once.
    """

    __slots__ = ("calls", "memo", "possible")

    def __init__(
        self,
        calls: tuple[ToolCall, ...] | None = None,
        possible: tuple[PossibleCall, ...] | None = None,
    ) -> None:
        self.calls = calls
        self.possible = possible
        self.memo: dict[Any, Any] = {}

    def __len__(self) -> int:
        return len(self.calls if self.calls is not None else self.possible or ())


_CACHE: dict[str | bytes, GroundTruth] = {}
_CACHE_SIZE = 4096


def load_ground_truth(ground_truth: Any) -> GroundTruth:
    """Validate ``ground_truth`` and return its ``GroundTruth``; JSON text and lists are
    cached by content (bounded, first in first out)."""
    if isinstance(ground_truth, str):
        hit = _CACHE.get(ground_truth)
        if hit is not None:
            return hit
    elif isinstance(ground_truth, GroundTruth):
        return ground_truth
    elif isinstance(ground_truth, bytes):  # a parquet binary column
        return load_ground_truth(_utf8(ground_truth))
    if isinstance(ground_truth, str):
        return _remember(ground_truth, _from_value(_decode(ground_truth)))
    if type(ground_truth) is list:
        # A list (BFCL's possible answers, a dataset's rows) is cached by its JSON
        # text; one holding null is not, as NaN would encode the same way.
        try:
            key: str | bytes | None = _encode(ground_truth)
        except (TypeError, ValueError, OverflowError, UnicodeEncodeError):
            key = None
        if key is not None and b"null" not in key:
            hit = _CACHE.get(key)
            return hit if hit is not None else _remember(key, _from_value(ground_truth))
    return _from_value(ground_truth)


def _remember(key: str | bytes, truth: GroundTruth) -> GroundTruth:
    if len(_CACHE) >= _CACHE_SIZE:
        # First in, first out: GRPO groups arrive together, so the oldest
        # entry is the one least likely to come back.  Another thread may
        # evict at the same moment; losing that race only costs a re-parse.
        with contextlib.suppress(StopIteration, RuntimeError, KeyError):
            del _CACHE[next(iter(_CACHE))]
    _CACHE[key] = truth
    return truth


def _utf8(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise GroundTruthError(f"ground_truth: bytes that are not UTF-8 ({exc})") from None


def _decode(text: str) -> Any:
    value, reason, message = strict_loads(text)
    if reason is not None:
        raise GroundTruthError(f"ground_truth: not valid JSON ({reason}): {message}")
    if isinstance(value, str):
        value, reason, message = strict_loads(value)
        if reason is not None:
            raise GroundTruthError(f"ground_truth: not valid JSON ({reason}): {message}")
    return value


def _from_value(value: Any) -> GroundTruth:
    if isinstance(value, ToolCall):
        return GroundTruth(calls=(_checked_call(value, "ground_truth"),))
    from_arrow = hasattr(value, "tolist") and not isinstance(value, (list, dict))
    value = _plain(value, "ground_truth", 0)
    if from_arrow:
        warn_on_arrow_fill(value)
    if isinstance(value, dict):
        return GroundTruth(calls=(_plain_call(value, "ground_truth"),))
    if not isinstance(value, list):
        raise GroundTruthError(
            f"ground_truth: expected a list of calls, one call object or a JSON string, "
            f"got {type(value).__name__}"
        )
    if not value:
        return GroundTruth(calls=())
    shapes = [_is_possible_item(item) for item in value]
    if all(shapes):
        return GroundTruth(
            possible=tuple(
                _possible_call(item, f"ground_truth[{i}]") for i, item in enumerate(value)
            )
        )
    if any(shapes):
        raise GroundTruthError(
            "ground_truth: mixes possible-answer items with {name, arguments} items"
        )
    return GroundTruth(
        calls=tuple(
            item if isinstance(item, ToolCall) else _plain_call(item, f"ground_truth[{i}]")
            for i, item in enumerate(value)
        )
    )


def warn_on_arrow_fill(value: Any) -> None:
    """Warn when a ground truth from a numpy/Arrow column holds ``null``
    arguments: the sign of Arrow's struct fill (``ArrowFillWarning``)."""
    calls = value if isinstance(value, list) else [value]
    for i, call in enumerate(calls):
        arguments = call.get("arguments") if isinstance(call, dict) else None
        if isinstance(arguments, dict):
            nulls = sorted(k for k, v in arguments.items() if v is None)
            if nulls:
                warnings.warn(
                    f"ground_truth[{i}] from a numpy/parquet column has null arguments "
                    f"{nulls}: Arrow fills the keys a row lacks with null, so a correct "
                    "call would miss them; store ground truths as JSON text",
                    ArrowFillWarning,
                    stacklevel=4,
                )
                return


def _is_possible_item(item: Any) -> bool:
    if not isinstance(item, dict) or len(item) != 1:
        return False
    ((name, args),) = item.items()
    if name in ("name", "arguments"):  # a {name, arguments} call missing a key
        return False
    return isinstance(args, dict) and all(isinstance(v, list) for v in args.values())


def _plain_call(item: Any, path: str) -> ToolCall:
    if isinstance(item, ToolCall):
        return _checked_call(item, path)
    if not isinstance(item, dict):
        raise GroundTruthError(f"{path}: expected a call object, got {type(item).__name__}")
    keys = set(item)
    if keys != {"name", "arguments"}:
        missing = sorted({"name", "arguments"} - keys)
        extra = sorted(keys - {"name", "arguments"})
        what = "; ".join(
            part
            for part in (
                f"missing key(s) {missing}" if missing else "",
                f"unexpected key(s) {extra}" if extra else "",
            )
            if part
        )
        raise GroundTruthError(f"{path}: {what}; a call is {{'name': ..., 'arguments': {{...}}}}")
    # The whole ground truth was walked already (``_from_value``).
    return _checked_call(ToolCall(item["name"], item["arguments"]), path, walked=True)


def _checked_call(call: ToolCall, path: str, walked: bool = False) -> ToolCall:
    if not isinstance(call.name, str) or not call.name:
        raise GroundTruthError(f"{path}.name: expected a non-empty string, got {call.name!r}")
    if not isinstance(call.arguments, dict):
        raise GroundTruthError(
            f"{path}.arguments: expected an object, got {type(call.arguments).__name__}"
        )
    if walked:
        return call
    args = _plain(call.arguments, f"{path}.arguments", 1)
    return ToolCall(call.name, args) if args is not call.arguments else call


def _possible_call(item: dict[str, Any], path: str) -> PossibleCall:
    ((name, args),) = item.items()
    if not name:
        raise GroundTruthError(f"{path}: empty function name")
    allowed = {}
    for arg, values in args.items():
        allowed[arg] = Allowed(values)  # [] allows nothing: the argument can never match
    return PossibleCall(name, allowed)


class _Fault(Exception):
    """A non-JSON value found by ``_walk``; ``steps`` is its path, innermost first."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
        self.steps: list[str] = []


def _plain(value: Any, path: str, depth: int) -> Any:
    """A copy-on-need of ``value`` holding only JSON types; raises on anything else.

    Tuples become lists and numpy arrays/scalars become Python values; a
    value that is already plain is returned as is (no copy).
    """
    try:
        return _walk(value, depth)
    except _Fault as fault:
        where = path + "".join(reversed(fault.steps))
        raise GroundTruthError(f"{where}: {fault.message}") from None


def _walk(value: Any, depth: int) -> Any:
    # The path of a fault is assembled only when one is raised: the walk
    # itself formats nothing, so valid ground truths cost little.
    if depth > MAX_DEPTH:
        raise _Fault(f"nested deeper than {MAX_DEPTH} levels")
    t = type(value)
    if t is str or t is int or t is bool or value is None:
        return value
    if t is float:
        if not math.isfinite(value):
            raise _Fault(f"{value} is not a JSON number")
        return value
    if t is dict:
        out = {}
        changed = False
        for k, v in value.items():
            if type(k) is not str:
                raise _Fault(f"object key {k!r} is not a string")
            try:
                pv = _walk(v, depth + 1)
            except _Fault as fault:
                fault.steps.append(f".{k}")
                raise
            changed |= pv is not v
            out[k] = pv
        return out if changed else value
    if t is list or t is tuple:
        items = []
        for i, v in enumerate(value):
            try:
                items.append(_walk(v, depth + 1))
            except _Fault as fault:
                fault.steps.append(f"[{i}]")
                raise
        if t is list and all(a is b for a, b in zip(items, value)):
            return value
        return items
    if isinstance(value, ToolCall):
        return value
    if hasattr(value, "tolist"):  # numpy arrays and scalars
        return _walk(value.tolist(), depth)
    raise _Fault(f"{t.__name__} is not a JSON value")
