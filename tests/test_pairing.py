"""Pairing calls with possible answers: maximum matching, and one way to explain a failure."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolreward import score
from toolreward.pairing import max_matching, pair_calls


def fits(call: str, option: str) -> tuple[str, str] | None:
    """A toy rule: a call 'x1' fits an option 'x' or 'x1' (same first letter and digit rules)."""
    if call[0] != option[0]:
        return ("wrong_function_name", f"{call} vs {option}")
    return None if option == call[0] or option == call else ("wrong_argument_value", option)


@pytest.mark.parametrize(
    ("calls", "expected", "outcome"),
    [
        (["a1"], ["a"], None),
        (["a1", "a2"], ["a2", "a"], None),  # greedy first-fit would pair a1-a2... and fail
        (["a1", "a3"], ["a2", "a"], ("wrong_argument_value", "a2")),
        (["b1", "a1"], ["a", "a"], ("wrong_function_name", "b1 vs a")),
    ],
)
def test_pair_calls(calls: list[str], expected: list[str], outcome) -> None:
    assert pair_calls(calls, expected, fits, name=lambda x: x[0]) == outcome


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.booleans(), min_size=4, max_size=4), min_size=4, max_size=4))
def test_max_matching_is_maximum(adjacent: list[list[bool]]) -> None:
    result = max_matching(adjacent)
    cols = [c for c in result if c is not None]
    assert len(cols) == len(set(cols))
    assert all(adjacent[i][c] for i, c in enumerate(result) if c is not None)
    best = max(
        sum(adjacent[i][c] for i, c in enumerate(perm)) for perm in itertools.permutations(range(4))
    )
    assert len(cols) == best


def test_strict_and_bfcl_explain_a_failed_pairing_the_same_way() -> None:
    # Two parallel calls; the second cannot be paired. Both matchers explain it
    # against the free answer of the same name.
    docs = [
        {"name": n, "parameters": {"type": "dict", "properties": {"x": {"type": "integer"}}}}
        for n in ("f", "g")
    ]
    truth = [{"f": {"x": [1]}}, {"g": {"x": [2, 3]}}]
    strict = score(
        '<think>r</think><tool_call>[{"name": "g", "arguments": {"x": 4}}, '
        '{"name": "f", "arguments": {"x": 1}}]</tool_call>',
        truth,
    )
    bfcl = score("[g(x=4), f(x=1)]", truth, tools=docs, preset="bfcl")
    assert strict.reason == bfcl.reason == "wrong_argument_value"
    assert "g" in strict.detail and "g" in bfcl.detail
