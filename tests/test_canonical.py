"""``canonical``: ``canon_key`` is ``canon``'s equality written as bytes.

The compiled core compares strict answers by these keys
(``toolreward.native``), so the equivalence is pinned here on values built to
collide: the same number as an int and as a float, bools beside 0 and 1,
negative zero, key order, and nested containers.
"""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolreward.canonical import MAX_DEPTH, canon, canon_key

NUMBERS = (
    st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from([0, 0.0, -0.0, 1, 1.0, True, False, 1e16, 10**16, 2.0**53, 2**53 + 1])
)
LEAF = st.none() | st.booleans() | NUMBERS | st.text(max_size=3)
VALUE = st.recursive(
    LEAF,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=2), inner, max_size=3)
    ),
    max_leaves=8,
)


def respell(value: Any, flip: bool) -> Any:
    """``value`` with each integral number flipped between int and float (same value)."""
    if type(value) is float and flip and value.is_integer() and abs(value) < 2.0**63:
        return int(value)
    if type(value) is int and flip and abs(value) <= 2**53:
        return float(value)
    if type(value) is dict:
        return {k: respell(v, flip) for k, v in reversed(list(value.items()))}
    if type(value) is list:
        return [respell(v, flip) for v in value]
    return value


@settings(max_examples=2000)
@given(VALUE, VALUE)
def test_keys_are_equal_exactly_when_canon_is(a: Any, b: Any) -> None:
    assert (canon_key(a) == canon_key(b)) == (canon(a) == canon(b)), (a, b)


@settings(max_examples=1000)
@given(VALUE, st.booleans())
def test_respelt_numbers_and_reordered_keys_keep_the_key(value: Any, flip: bool) -> None:
    other = respell(value, flip)
    assert canon(other) == canon(value)
    assert canon_key(other) == canon_key(value)


@pytest.mark.parametrize(
    "a, b, equal",
    [
        (1, 1.0, True),
        (0, -0.0, True),
        (-0.0, 0.0, True),
        (10**20, 1e20, True),
        (2**53 + 1, float(2**53 + 1), False),  # the float rounds to 2**53
        (1, True, False),
        (0, False, False),
        (0.5, 0.5, True),
        (0.1, 0.1000000000000001, False),
        ({"a": 1, "b": [2.0]}, {"b": [2], "a": 1.0}, True),
        ([1, 2], [2, 1], False),
        ("1", 1, False),
        (None, 0, False),
    ],
)
def test_known_pairs(a: Any, b: Any, equal: bool) -> None:
    assert (canon(a) == canon(b)) is equal
    assert (canon_key(a) == canon_key(b)) is equal


@pytest.mark.parametrize(
    "value",
    [math.nan, math.inf, -math.inf, {"a": [math.nan]}, "\ud800", {"\udfff": 1}],
)
def test_unwritable_values_have_no_key(value: Any) -> None:
    assert canon_key(value) is None


def test_nesting_past_the_limit_has_no_key() -> None:
    deep: Any = 1
    for _ in range(MAX_DEPTH + 2):
        deep = [deep]
    assert canon_key(deep) is None
    shallow: Any = 1
    for _ in range(MAX_DEPTH - 1):
        shallow = [shallow]
    assert canon_key(shallow) is not None
