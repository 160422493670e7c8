"""Functional correctness under ``strict``: multisets, names, keys, canonical values, defaults."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import render

from toolreward import score
from toolreward.match import max_matching
from toolreward.reasons import CALL_REASONS


def call(name: str, **arguments: Any) -> dict[str, Any]:
    return {"name": name, "arguments": arguments}


F1 = call("f", a=1)
G = call("g", s="x")

# (id, predicted calls, ground truth, expected reason)
CASES = [
    ("equal", [F1], [F1], "ok"),
    ("order of calls", [G, F1], [F1, G], "ok"),
    ("duplicates count", [F1, F1], [F1, F1], "ok"),
    ("duplicate missing", [F1], [F1, F1], "call_count_mismatch"),
    ("duplicate extra", [F1, F1], [F1], "call_count_mismatch"),
    ("added call", [F1, G], [F1], "call_count_mismatch"),
    ("dropped call", [F1], [F1, G], "call_count_mismatch"),
    ("empty matches empty", [], [], "ok"),
    ("call where none expected", [F1], [], "call_count_mismatch"),
    ("no call where one expected", [], [F1], "call_count_mismatch"),
    ("wrong name", [call("F", a=1)], [F1], "wrong_function_name"),
    ("name is exact", [call("f ", a=1)], [F1], "wrong_function_name"),
    ("int equals float", [call("f", a=1.0)], [F1], "ok"),
    ("big int equals float", [call("f", a=1e20)], [call("f", a=10**20)], "ok"),
    (
        "no tolerance",
        [call("f", a=0.30000000000000004)],
        [call("f", a=0.3)],
        "wrong_argument_value",
    ),
    (
        "big int exact",
        [call("f", a=2**53 + 1)],
        [call("f", a=float(2**53))],
        "wrong_argument_value",
    ),
    ("bool is not number", [call("f", a=True)], [F1], "wrong_argument_type"),
    ("false is not zero", [call("f", a=False)], [call("f", a=0)], "wrong_argument_type"),
    ("string is not number", [call("f", a="1")], [F1], "wrong_argument_type"),
    ("null is only null", [call("f", a=None)], [call("f", a="")], "wrong_argument_type"),
    ("null equals null", [call("f", a=None)], [call("f", a=None)], "ok"),
    ("string exact", [call("f", a="Paris ")], [call("f", a="Paris")], "wrong_argument_value"),
    ("string case", [call("f", a="paris")], [call("f", a="Paris")], "wrong_argument_value"),
    ("unicode exact", [call("f", a="café")], [call("f", a="cafe\u0301")], "wrong_argument_value"),
    ("missing argument", [call("f")], [F1], "missing_argument"),
    ("extra argument", [call("f", a=1, b=2)], [F1], "extra_argument"),
    ("extra null argument", [call("f", a=1, b=None)], [F1], "extra_argument"),
    (
        "key order deep",
        [call("f", o={"y": [1, {"q": 1, "p": 2}], "x": 1})],
        [call("f", o={"x": 1, "y": [1, {"p": 2, "q": 1}]})],
        "ok",
    ),
    ("list order matters", [call("f", l=[2, 1])], [call("f", l=[1, 2])], "wrong_argument_value"),
    ("list length", [call("f", l=[1])], [call("f", l=[1, 2])], "wrong_argument_value"),
    (
        "nested missing key",
        [call("f", o={"x": 1})],
        [call("f", o={"x": 1, "y": 2})],
        "missing_argument",
    ),
    (
        "nested type",
        [call("f", o={"x": [1]})],
        [call("f", o={"x": {"0": 1}})],
        "wrong_argument_type",
    ),
    (
        "same names, values swapped",
        [call("f", a=2), call("f", a=1)],
        [call("f", a=1), call("f", a=2)],
        "ok",
    ),
    (
        "same names, one wrong",
        [call("f", a=1), call("f", a=3)],
        [call("f", a=1), call("f", a=2)],
        "wrong_argument_value",
    ),
]


@pytest.mark.parametrize(
    ("pred", "gold", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_strict_matching(pred: list, gold: list, expected: str) -> None:
    v = score(render(pred), gold)
    assert v.reason == expected, v.detail
    assert v.reward == (1.0 if expected == "ok" else 0.0)
    assert v.format_ok
    assert v.calls_ok == (expected == "ok")
    assert bool(v.detail) == (expected != "ok")


def test_every_call_reason_has_a_case() -> None:
    assert set(CALL_REASONS) <= {c[3] for c in CASES}


@pytest.mark.parametrize(
    ("pred", "gold", "detail"),
    [
        (
            [call("f", o={"x": [1, 2]})],
            [call("f", o={"x": [1, 3]})],
            "f: arguments.o.x[1]: expected 3, got 2",
        ),
        ([call("f", a="1")], [F1], 'f: arguments.a: expected number 1, got string "1"'),
        ([call("f")], [F1], "f: arguments.a is missing (expected 1)"),
        ([call("f", a=1, z=True)], [F1], "f: arguments.z is not expected (got true)"),
        ([call("h", a=1)], [F1], "expected function(s) f; got h"),
        ([F1, F1], [F1], "expected 1 call(s), got 2"),
        (
            [call("f", **{"a b": 1})],
            [call("f", **{"a b": 2})],
            'f: arguments["a b"]: expected 2, got 1',
        ),
    ],
)
def test_detail_names_path_and_values(pred: list, gold: list, detail: str) -> None:
    assert score(render(pred), gold).detail == detail


TOOLS = [
    {
        "type": "function",
        "function": {
            "name": "f",
            "parameters": {
                "type": "object",
                "properties": {
                    "a": {"type": "integer"},
                    "unit": {"type": "string", "default": "C"},
                    "n": {"type": "integer", "default": 3},
                },
            },
        },
    }
]


@pytest.mark.parametrize(
    ("pred", "gold", "expected"),
    [
        ([call("f", a=1)], [call("f", a=1, unit="C")], "ok"),
        ([call("f", a=1, unit="C")], [call("f", a=1)], "ok"),
        ([call("f", a=1, n=3.0)], [call("f", a=1)], "ok"),
        ([call("f", a=1, unit="F")], [call("f", a=1)], "wrong_argument_value"),
        ([call("f", a=1)], [call("f", a=1, unit="F")], "wrong_argument_value"),
        ([call("f", unit="C")], [call("f", a=1)], "missing_argument"),
    ],
)
def test_declared_defaults(pred: list, gold: list, expected: str) -> None:
    assert score(render(pred), gold, tools=TOOLS).reason == expected
    # Without tools, defaults are unknown and omissions count.
    if pred != gold and expected == "ok":
        assert score(render(pred), gold).reason in {"missing_argument", "extra_argument"}


PA = [{"f": {"a": [1, 2], "unit": ["", "C"]}}, {"g": {"s": ["x", "X"]}}]


@pytest.mark.parametrize(
    ("pred", "expected"),
    [
        ([call("f", a=2), call("g", s="X")], "ok"),
        ([call("g", s="x"), call("f", a=1, unit="C")], "ok"),
        ([call("f", a=2.0), call("g", s="x")], "ok"),
        ([call("f", a=3), call("g", s="x")], "wrong_argument_value"),
        ([call("f", a="1"), call("g", s="x")], "wrong_argument_type"),
        ([call("f", a=1, unit="F"), call("g", s="x")], "wrong_argument_value"),
        # "" marks the omission; an explicit "" does not fill the argument.
        ([call("f", a=1, unit=""), call("g", s="x")], "wrong_argument_value"),
        ([call("f", a=1), call("g", s="x")], "ok"),
        ([call("f", a=1, b=0), call("g", s="x")], "extra_argument"),
        ([call("f", unit="C"), call("g", s="x")], "missing_argument"),
        ([call("f", a=1)], "call_count_mismatch"),
        ([call("f", a=1), call("h", s="x")], "wrong_function_name"),
    ],
)
def test_possible_answers(pred: list, expected: str) -> None:
    assert score(render(pred), PA).reason == expected


def test_possible_answers_need_optimal_matching() -> None:
    # A greedy pass would pair the first call with the first option and fail.
    gold = [{"f": {"a": [1, 2]}}, {"f": {"a": [1]}}]
    assert score(render([call("f", a=1), call("f", a=2)]), gold).reward == 1.0
    assert score(render([call("f", a=2), call("f", a=2)]), gold).reward == 0.0


def test_possible_answer_default_counts_as_omitted() -> None:
    gold = [{"f": {"a": [1], "unit": ["C"]}}]
    assert score(render([call("f", a=1)]), gold, tools=TOOLS).reward == 1.0
    assert score(render([call("f", a=1)]), gold).reason == "missing_argument"


@pytest.mark.parametrize(
    ("adjacent", "size"),
    [
        ([[True, True], [True, False]], 2),
        ([[True, False], [True, False]], 1),
        ([[False, False], [False, False]], 0),
        ([[True, True, False], [True, False, False], [False, True, True]], 3),
    ],
)
def test_max_matching(adjacent: list, size: int) -> None:
    pairing = max_matching(adjacent)
    assert sum(j is not None for j in pairing) == size
    assert all(adjacent[i][j] for i, j in enumerate(pairing) if j is not None)
    assert len({j for j in pairing if j is not None}) == size


NESTED = [{"f": {"dim": [{"l": [10, 12], "w": [5, ""]}], "pts": [[{"x": [1]}, {"x": [2]}], ""]}}]


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        ({"dim": {"l": 10, "w": 5}}, "ok"),
        ({"dim": {"l": 12}}, "ok"),  # "w" may be omitted
        ({"dim": {"l": 10, "w": ""}}, "wrong_argument_value"),  # "" is no value
        ({"dim": {"l": 11}}, "wrong_argument_value"),
        ({"dim": {"l": 10, "h": 1}}, "wrong_argument_value"),
        ({"dim": {"w": 5}}, "wrong_argument_value"),  # "l" is required
        ({"dim": {"l": 10}, "pts": [{"x": 1}, {"x": 2}]}, "ok"),
        ({"dim": {"l": 10}, "pts": [{"x": 2}, {"x": 1}]}, "wrong_argument_value"),
        ({"dim": {"l": 10}, "pts": [{"x": 1}]}, "wrong_argument_value"),
        ({"dim": {"l": True}}, "wrong_argument_value"),  # leaves compare strictly
    ],
)
def test_nested_possible_answers(arguments: dict, expected: str) -> None:
    assert score(render([call("f", **arguments)]), NESTED).reason == expected
