"""Canonical forms of JSON values, and the first difference between two values.

The ``strict`` rules, in one place:

* object key order does not matter, at any depth;
* list order matters;
* numbers are equal by exact value across int and float
  (``1 == 1.0``, ``1e20 == 100000000000000000000``), with no tolerance;
* a bool is never a number, a string is never a number;
* strings match exactly; null equals only null.

``canon(value)`` maps a decoded JSON value to a hashable form whose Python
equality is exactly that relation:

>>> canon({"b": [1, 2.0], "a": None}) == canon({"a": None, "b": [1.0, 2]})
True
>>> canon(True) == canon(1)
False
>>> canon(10**20) == canon(1e20)
True

``typed_key(value)`` is the stricter rule of the paper's reward
(``json.dumps(sort_keys=True)`` equality): ``1`` and ``1.0`` differ.
"""

from __future__ import annotations

import itertools
import json
import math
from typing import Any

import msgspec

MAX_DEPTH = 100
"""Deepest nesting of arrays/objects accepted anywhere (payloads, ground truths)."""


class _Tag:
    """A unique marker that equals only itself (for ``true`` and ``false``)."""

    __slots__ = ("label",)

    def __init__(self, label: str) -> None:
        self.label = label

    def __repr__(self) -> str:
        return self.label


TRUE = _Tag("true")
FALSE = _Tag("false")
_PLAIN = frozenset({str, int, float, type(None)})
_LEAVES = frozenset({str, int, float, bool, type(None)})
_DUMPABLE_INT_BITS = 14_000  # json.dumps refuses integers of over 4,300 digits


def canon(value: Any) -> Any:
    """Hashable canonical form of a decoded JSON value under the strict rules.

    Objects become frozensets of ``(key, canon(value))`` pairs, lists become
    tuples, bools become the markers ``TRUE``/``FALSE`` so that they never
    equal ``1``/``0``.  Ints and floats are kept as they are: Python already
    compares them by exact value and hashes equal values equally.
    """
    t = type(value)
    if t is dict:
        # Leaves are inlined: one Python call per container, not per value.
        return frozenset([(k, v if type(v) in _PLAIN else canon(v)) for k, v in value.items()])
    if t is list or t is tuple:
        return tuple([v if type(v) in _PLAIN else canon(v) for v in value])
    if t in _PLAIN:
        return value
    if t is bool:
        return TRUE if value else FALSE
    raise TypeError(f"not a JSON value: {t.__name__}")


encode_sorted = msgspec.json.Encoder(order="sorted").encode
"""Compact JSON with object keys sorted (bytes); exact for finite values."""


def typed_key(value: Any) -> bytes | str:
    """Equality key of the paper's reward: equal iff ``json.dumps(sort_keys=True)`` is.

    A fast sorted encoding is used when it is exact (it writes every float
    with a ``.`` or an exponent, so ``1`` and ``1.0`` still differ); values it
    cannot encode exactly (NaN, infinities, lone surrogates) fall back to
    ``json.dumps`` itself.  The two kinds of key never compare equal, which is
    right: such values never equal a value the fast encoder can write.
    """
    try:
        key = encode_sorted(value)
    except (TypeError, ValueError, UnicodeEncodeError, OverflowError, RecursionError):
        return _dumps_key(value)
    # The fast encoder writes NaN and infinities as null: look closer only then.
    if b"null" in key and _has_non_finite(value):
        return _dumps_key(value)
    return key


def canon_key(value: Any) -> bytes | None:
    """``canon``'s equality as bytes: the sorted compact JSON of ``value`` with every
    integral float written as its integer (``1.0`` as ``1``, ``-0.0`` as ``0``).

    For finite JSON values, ``canon_key(a) == canon_key(b)`` exactly when
    ``canon(a) == canon(b)``; ``None`` for a value it cannot write (NaN,
    infinities, lone surrogates, nesting past ``MAX_DEPTH``).  It keys the
    compiled core's comparison under the strict rule (``toolreward.native``).

    >>> canon_key({"b": [1.0, -0.0], "a": 0.5})
    b'{"a":0.5,"b":[1,0]}'
    >>> canon_key(True) == canon_key(1)
    False
    """
    try:
        return encode_sorted(_integral_floats_as_ints(value, 0))
    except (TypeError, ValueError, UnicodeEncodeError, OverflowError, RecursionError):
        return None


def _integral_floats_as_ints(value: Any, depth: int) -> Any:
    t = type(value)
    if t is float:
        if not math.isfinite(value):
            raise ValueError("not finite")
        return int(value) if value.is_integer() else value
    if depth > MAX_DEPTH:
        raise RecursionError("too deep")
    if t is dict:
        return {k: _integral_floats_as_ints(v, depth + 1) for k, v in value.items()}
    if t is list or t is tuple:
        return [_integral_floats_as_ints(v, depth + 1) for v in value]
    return value


_UNENCODABLE = itertools.count()


def _dumps_key(value: Any) -> str:
    """``json.dumps(value, sort_keys=True)``; for a value it cannot write (an
    integer of over 4,300 digits, nesting past the recursion limit, a non-JSON
    type) a key equal to no other, as the paper's reward would have raised."""
    try:
        return json.dumps(value, sort_keys=True)
    except (TypeError, ValueError, RecursionError):
        return f"\x00unencodable {next(_UNENCODABLE)}"


def _has_non_finite(value: Any) -> bool:
    t = type(value)
    if t is float:
        return not math.isfinite(value)
    if t is dict:
        return any(_has_non_finite(v) for v in value.values())
    if t is list:
        return any(_has_non_finite(v) for v in value)
    return False


_KINDS = {
    bool: "boolean",
    int: "number",
    float: "number",
    str: "string",
    type(None): "null",
    dict: "object",
    list: "array",
    tuple: "array",
}


def kind(value: Any) -> str:
    """The JSON type name of a value: object, array, string, number, boolean, null."""
    t = type(value)
    return _KINDS.get(t) or t.__name__


def render(value: Any, limit: int = 60) -> str:
    """Short JSON rendering of a value for a verdict's ``detail`` line."""
    try:
        key = typed_key(value)
        text = key.decode() if isinstance(key, bytes) else key
    except (TypeError, ValueError):
        text = repr(value)
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return text


Diff = tuple[str, str, Any, Any]


def first_difference(expected: Any, got: Any, path: str, equal: Any = None) -> Diff | None:
    """The first place where two values differ, or ``None`` when they are equal.

    Returns ``(what, path, expected_part, got_part)`` where ``what`` is one
    of ``"type"``, ``"value"``, ``"missing"`` (a key of ``expected`` absent
    from ``got``), ``"extra"`` (a key of ``got`` absent from ``expected``) or
    ``"length"``.  ``equal`` compares two leaves of the same JSON type
    (default ``==``, which is the strict rule once types agree).  Keys are
    visited in sorted order so the answer is stable.

    >>> first_difference({"a": {"b": [1, 2]}}, {"a": {"b": [1, 3]}}, "args")
    ('value', 'args.a.b[1]', 2, 3)
    >>> first_difference({"a": 1}, {"a": "1"}, "args")
    ('type', 'args.a', 1, '1')
    """
    ke, kg = kind(expected), kind(got)
    if ke != kg:
        return ("type", path, expected, got)
    if ke == "object":
        if expected.keys() != got.keys():
            for k in sorted(expected.keys() - got.keys()):
                return ("missing", _join(path, k), expected[k], None)
            for k in sorted(got.keys() - expected.keys()):
                return ("extra", _join(path, k), None, got[k])
        for k in sorted(expected):
            e, g = expected[k], got[k]
            t = type(e)
            # Equal leaves of one type, the common case, need no recursion.  Under
            # a custom ``equal`` (the paper's json.dumps rule) only where ``==``
            # implies it: not for 0.0 == -0.0, nor for integers json.dumps refuses.
            if t is type(g) and t in _LEAVES and e == g:
                if equal is None or (t is not float and t is not int):
                    continue
                if e if t is float else e.bit_length() < _DUMPABLE_INT_BITS:
                    continue
            diff = first_difference(e, g, _join(path, k), equal)
            if diff is not None:
                return diff
        return None
    if ke == "array":
        for i, (e, g) in enumerate(zip(expected, got)):
            diff = first_difference(e, g, f"{path}[{i}]", equal)
            if diff is not None:
                return diff
        if len(expected) != len(got):
            return ("length", path, expected, got)
        return None
    same = expected == got if equal is None else equal(expected, got)
    return None if same else ("value", path, expected, got)


def _join(path: str, key: str) -> str:
    if key.isidentifier():
        return f"{path}.{key}"
    return f"{path}[{json.dumps(key, ensure_ascii=False)}]"
