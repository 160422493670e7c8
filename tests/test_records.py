"""Records: one verdict record per input record, for the command line and the server alike."""

from __future__ import annotations

import json

import pytest

from toolreward.records import (
    GoldFileError,
    Summary,
    judge,
    judge_line,
    load_gold,
    reason_counts,
    reason_shares,
)

GOOD = '<think>r</think><tool_call>[{"name": "f", "arguments": {"a": 1}}]</tool_call>'
GT = [{"name": "f", "arguments": {"a": 1}}]


@pytest.mark.parametrize(
    ("record", "reason", "detail"),
    [
        ({"id": 1, "completion": GOOD, "ground_truth": GT}, "ok", ""),
        ({"id": 2, "result": GOOD, "possible_answer": [{"f": {"a": [1]}}]}, "ok", ""),
        ({"id": 3, "completion": GOOD}, "bad_record", "missing 'ground_truth'"),
        ({"id": 4, "ground_truth": GT}, "bad_record", "missing or non-string 'completion'"),
        ([GOOD], "bad_record", "a record must be a JSON object, got list"),
        ({"completion": GOOD, "ground_truth": [{"name": 1}]}, "bad_record", "ground_truth[0]"),
        ({"completion": GOOD, "ground_truth": GT, "options": 3}, "bad_record", "'options' must"),
        (
            {
                "completion": GOOD + " text",
                "ground_truth": GT,
                "options": {"allow_surrounding_text": True},
            },
            "ok",
            "",
        ),
    ],
)
def test_judge(record: object, reason: str, detail: str) -> None:
    for position, prefix in ((("line", 7), "line 7: "), (("index", 3), "record 3: ")):
        out = judge(record, "strict", {}, None, position)
        assert out[position[0]] == position[1]
        assert out["reason"] == reason
        assert detail in out["detail"]
        if reason == "bad_record":
            assert out["detail"].startswith(prefix)
            assert (out["reward"], out["format_ok"], out["calls_ok"]) == (0.0, False, False)


@pytest.mark.parametrize(
    ("line", "detail"),
    [("", "line 1: empty line"), ("{oops", "line 1: not JSON"), ("[]", "got list")],
)
def test_judge_line_never_drops_a_line(line: str, detail: str) -> None:
    out = judge_line(1, line, "strict", {}, None)
    assert out["reason"] == "bad_record"
    assert detail in out["detail"]


def test_bfcl_language_follows_the_category() -> None:
    docs = [{"name": "A.b", "parameters": {"type": "dict", "properties": {"n": {"type": "long"}}}}]
    rec = {
        "id": "simple_java_3",
        "completion": "[A.b(n=5L)]",
        "ground_truth": [{"A.b": {"n": [5]}}],
        "tools": docs,
    }
    assert judge(rec, "bfcl", {}, None, ("line", 1))["reason"] == "ok"


def test_gold_join(tmp_path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "a", "ground_truth": GT}) + "\n")
    table = load_gold(str(gold))
    assert judge({"id": "a", "completion": GOOD}, "strict", {}, table, ("line", 1))["reward"] == 1
    out = judge({"id": "b", "completion": GOOD}, "strict", {}, table, ("line", 2))
    assert "no gold record with id 'b'" in out["detail"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"id": 1, "ground_truth": []}\n\n', ":2: empty line"),
        ('{"id": 1}\n', "needs 'id' and 'ground_truth'"),
        ('{"id": 1, "ground_truth": []}\n{"id": 1, "ground_truth": []}\n', "duplicate id 1"),
    ],
)
def test_bad_gold_files(tmp_path, text: str, message: str) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(text)
    with pytest.raises(GoldFileError, match=message):
        load_gold(str(gold))


def test_histograms() -> None:
    reasons = ["ok", "trailing_text", "ok", "bad_record"]
    assert list(reason_counts(reasons).items()) == [
        ("ok", 2),
        ("bad_record", 1),
        ("trailing_text", 1),
    ]
    assert reason_shares(reasons) == {"bad_record": 0.25, "ok": 0.5, "trailing_text": 0.25}
    assert reason_shares([]) == {}
    summary = Summary()
    for i, reason in enumerate(reasons):
        summary.add(
            {
                "reward": float(reason == "ok"),
                "format_ok": reason == "ok",
                "reason": reason,
                "id": i,
            }
        )
    figures = summary.as_dict()
    assert figures["reasons"] == reason_counts(reasons)
    assert (figures["records"], figures["bad_records"], figures["mean_reward"]) == (4, 1, 0.5)
