"""Preset ``tool_n1``: the paper's released reward, reproduced (and never crashing)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from paper_oracle import paper_reward

from toolreward import GroundTruthError, score

GT = json.dumps([{"name": "f", "arguments": {"a": 1}}])
C = '[{"name": "f", "arguments": {"a": 1}}]'

# (id, completion, ground truth, expected reward, expected reason)
CASES = [
    ("ok", f"<think>r</think><tool_call>{C}</tool_call>", GT, 1.0, "ok"),
    ("think anywhere", f"<tool_call>{C}</tool_call> </think> x <think>", GT, 1.0, "ok"),
    ("empty think ok", f"<think></think><tool_call>{C}</tool_call>", GT, 1.0, "ok"),
    ("trailing text ok", f"<think>r</think><tool_call>{C}</tool_call> bye", GT, 1.0, "ok"),
    (
        "last block wins",
        f"<think>r</think><tool_call>[]</tool_call><tool_call>{C}</tool_call>",
        GT,
        1.0,
        "ok",
    ),
    (
        "last block wrong",
        f"<think>r</think><tool_call>{C}</tool_call><tool_call>[]</tool_call>",
        GT,
        0.0,
        "call_count_mismatch",
    ),
    ("call inside think counts", f"<think>x<tool_call>{C}</tool_call></think>", GT, 1.0, "ok"),
    (
        "1 != 1.0",
        '<think>r</think><tool_call>[{"name": "f", "arguments": {"a": 1.0}}]</tool_call>',
        GT,
        0.0,
        "wrong_argument_value",
    ),
    (
        "string payload decoded",
        f"<think>r</think><tool_call>{json.dumps(C)}</tool_call>",
        GT,
        1.0,
        "ok",
    ),
    (
        "dict wrapped",
        '<think>r</think><tool_call>{"name": "f", "arguments": {"a": 1}}</tool_call>',
        GT,
        1.0,
        "ok",
    ),
    (
        "extra keys ignored",
        '<think>r</think><tool_call>[{"name": "f", "arguments": {"a": 1}, "id": 0}]</tool_call>',
        GT,
        1.0,
        "ok",
    ),
    (
        "parameters key fails",
        '<think>r</think><tool_call>[{"name": "f", "parameters": {"a": 1}}]</tool_call>',
        GT,
        0.0,
        "bad_call_keys",
    ),
    ("no think", f"<tool_call>{C}</tool_call>", GT, 0.0, "missing_think"),
    ("no block", "<think>r</think>", GT, 0.0, "missing_tool_call"),
    (
        "invalid json",
        "<think>r</think><tool_call>[{'name': 'f'}]</tool_call>",
        GT,
        0.0,
        "invalid_json",
    ),
    (
        "scalar payload (original raises)",
        "<think>r</think><tool_call>5</tool_call>",
        GT,
        0.0,
        "payload_not_list",
    ),
    (
        "bool payload (original raises)",
        "<think>r</think><tool_call>true</tool_call>",
        GT,
        0.0,
        "payload_not_list",
    ),
    ("null payload", "<think>r</think><tool_call>null</tool_call>", GT, 0.0, "payload_not_list"),
    ("item not dict", "<think>r</think><tool_call>[1]</tool_call>", GT, 0.0, "call_not_object"),
    (
        "unhashable name",
        '<think>r</think><tool_call>[{"name": ["f"], "arguments": {"a": 1}}]</tool_call>',
        GT,
        0.0,
        "bad_name",
    ),
    (
        "NaN accepted, mismatches",
        '<think>r</think><tool_call>[{"name": "f", "arguments": {"a": NaN}}]</tool_call>',
        GT,
        0.0,
        "wrong_argument_value",
    ),
    ("empty matches empty", "<think>r</think><tool_call>[]</tool_call>", "[]", 1.0, "ok"),
    (
        "prompt cut at marker",
        f"<think>r</think><|im_start|>assistant\n<tool_call>{C}</tool_call>",
        GT,
        0.0,
        "missing_think",
    ),
    (
        "duplicate key, last wins",
        '<think>r</think><tool_call>[{"name": "f", "arguments": {"a": 2, "a": 1}}]</tool_call>',
        GT,
        1.0,
        "ok",
    ),
    (
        "leftmost lazy match",
        f"<think>r</think><tool_call>x<tool_call>{C}</tool_call>",
        GT,
        0.0,
        "invalid_json",
    ),
]


@pytest.mark.parametrize(
    ("completion", "truth", "reward", "reason"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_paper_rules(completion: str, truth: str, reward: float, reason: str) -> None:
    v = score(completion, truth, preset="tool_n1")
    assert (v.reward, v.reason) == (reward, reason), v.detail
    expected = paper_reward(completion, truth)
    assert v.reward == (0.0 if expected == "raises" else expected)


def test_possible_answers_are_refused() -> None:
    with pytest.raises(GroundTruthError):
        score("<think>r</think><tool_call>[]</tool_call>", [{"f": {"a": [1]}}], preset="tool_n1")


pieces = st.sampled_from(
    [
        "<think>",
        "</think>",
        "<tool_call>",
        "</tool_call>",
        "<|im_start|>assistant\n",
        C,
        "[]",
        "{",
        "}",
        '"',
        "x",
        " ",
        '{"name": "f", "arguments": {"a": 1.0}}',
        "5",
        "null",
        '"[]"',
        "NaN",
        ",",
    ]
)


@given(st.lists(pieces, max_size=12).map("".join))
def test_agrees_with_the_paper_oracle(completion: str) -> None:
    expected = paper_reward(completion, GT)
    got = score(completion, GT, preset="tool_n1").reward
    assert got == (0.0 if expected == "raises" else expected)


@pytest.mark.parametrize(
    ("expected", "got", "detail"),
    [
        # == says equal, json.dumps does not: the explanation must still find them
        ({"a": 0.0, "b": "x"}, {"a": -0.0, "b": "x"}, "f: arguments.a: expected 0.0, got -0.0"),
        # equal leaves on the way to the difference are skipped, whatever their type
        ({"a": True, "b": None, "c": 1.5, "d": 2, "e": "s", "f": 1},
         {"a": True, "b": None, "c": 1.5, "d": 2, "e": "s", "f": 1.0},
         "f: arguments.f: expected 1, got 1.0"),
    ],
)  # fmt: skip
def test_mismatch_explained_where_equality_is_not_the_papers(
    expected: dict, got: dict, detail: str
) -> None:
    truth = [{"name": "f", "arguments": expected}]
    completion = (
        f"<think>r</think><tool_call>{json.dumps([{'name': 'f', 'arguments': got}])}</tool_call>"
    )
    v = score(completion, truth, preset="tool_n1")
    assert (v.reward, v.reason) == (0.0, "wrong_argument_value")
    assert v.detail.startswith(detail)
