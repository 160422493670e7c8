"""JSON layer: strict rules, the lenient (paper) rules, and agreement with ``json``."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from toolreward.canonical import typed_key
from toolreward.jsonio import decode_strict, duplicate_key, lenient_loads, strict_loads


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('{"a": [1, 2.5, "x", true, null]}', None),
        ('"\\ud800"', "invalid_json"),  # a lone surrogate is no character (RFC 7493)
        ('{"\\udc00": 1}', "invalid_json"),
        ('"\\ud83d\\ude00"', None),  # a surrogate pair is one character
        ('["a", "\\ud800x"]', "invalid_json"),
        ("123456789012345678901234567890", None),
        ("[1,]", "invalid_json"),
        ("{'a': 1}", "invalid_json"),
        ("NaN", "invalid_json"),
        ("-Infinity", "invalid_json"),
        ("1e400", "invalid_json"),
        ("[True]", "invalid_json"),
        ("", "invalid_json"),
        ("   ", "invalid_json"),
        ("[1] [2]", "invalid_json"),
        ('"\x01"', "invalid_json"),
        ("[" * 101 + "]" * 101, "invalid_json"),
        ("[" * 100 + "]" * 100, None),
        ("[" * 5000 + "]" * 5000, "invalid_json"),
        ('{"a": 1, "a": 1}', "duplicate_key"),
        ('{"a": {"b": 1, "b": 2}}', "duplicate_key"),
        ('{"a": "x:y", "b": 1}', None),
        # Colon accounting with escapes: an escaped colon never hides a repeat.
        ('{"a": "\\u003a", "a": 1}', "duplicate_key"),
        ('{"a": "\\u003A"}', None),
        ('{"a": 1, "\\u0061": 2}', "duplicate_key"),
        ('{"a": "\\\\u003a"}', None),  # a backslash, then the text u003a
    ],
)
def test_strict_loads(text: str, reason: str | None) -> None:
    value, got, message = strict_loads(text)
    assert got == reason, message
    if reason is None:
        assert value == json.loads(text)
    else:
        assert value is None and message


def test_big_ints_stay_exact() -> None:
    assert strict_loads("[18446744073709551617]")[0] == [18446744073709551617]


def test_duplicate_key_finder() -> None:
    assert duplicate_key('{"a": 1, "b": {"c": 1, "c": 2}}') == "c"
    assert duplicate_key('{"a": 1}') is None


def test_lenient_reads_what_json_reads() -> None:
    assert math.isnan(lenient_loads("NaN")[0])
    assert lenient_loads("1e400")[0] == math.inf
    assert lenient_loads('{"a": 1, "a": 2}')[0] == {"a": 2}
    assert lenient_loads("[1,]")[1] == "invalid_json"


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4)
    ),
    max_leaves=20,
)


@given(json_values)
def test_round_trip_matches_json(value: object) -> None:
    text = json.dumps(value)
    assert decode_strict(text)[0] == json.loads(text)
    assert lenient_loads(text)[0] == json.loads(text)


@given(
    st.text(
        alphabet=st.sampled_from(list('[]{}",:0123456789.eE-+ tnrufalsNIy\\\x00\n')), max_size=30
    )
)
def test_lenient_agrees_with_json_loads(text: str) -> None:
    """Where json.loads succeeds, lenient_loads gives the same value; else it fails."""
    try:
        expected = json.loads(text)
    except (ValueError, RecursionError):
        assert lenient_loads(text)[1] == "invalid_json"
        return
    value, reason, _ = lenient_loads(text)
    assert reason is None
    assert typed_key(value) == typed_key(expected)


@given(json_values, json_values)
def test_typed_key_is_json_dumps_equality(a: object, b: object) -> None:
    same = json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
    assert (typed_key(a) == typed_key(b)) == same
