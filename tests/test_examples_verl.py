"""The verl example: preprocessing writes parquet that the verl adapter scores after the round trip."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from toolreward.integrations.verl import compute_score

ROOT = Path(__file__).resolve().parents[1]


def test_preprocess_and_score_round_trip(tmp_path: Path) -> None:
    pytest.importorskip("datasets")
    pq = pytest.importorskip("pyarrow.parquet")
    sys.path.insert(0, str(ROOT / "examples" / "verl"))
    try:
        import preprocess
    finally:
        sys.path.pop(0)
    out = tmp_path / "train.parquet"
    preprocess.main(str(ROOT / "examples" / "verl" / "sample.jsonl"), str(out))
    rows = pq.read_table(out).to_pylist()
    assert len(rows) == 3
    system = rows[0]["prompt"][0]["content"]
    assert (
        "<tools>\n" in system
        and '{"type": "function", "function": {"name": "get_weather"' in system
    )
    assert "<think>" in system and "<tool_call>" in system
    for row in rows:
        truth = row["reward_model"]["ground_truth"]
        assert isinstance(truth, str)
        calls = json.loads(truth)
        answer = "<think>ok</think><tool_call>" + json.dumps(calls) + "</tool_call>"
        result = compute_score(row["data_source"], answer, truth, row["extra_info"])
        assert result["score"] == 1.0, result
        wrong = compute_score(row["data_source"], "<think>ok</think><tool_call>[]</tool_call>"
                              if calls else answer.replace("[]", '[{"name": "x", "arguments": {}}]'),
                              truth, row["extra_info"])  # fmt: skip
        assert wrong["score"] == 0.0
