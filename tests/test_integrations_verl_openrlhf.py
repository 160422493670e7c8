"""verl and OpenRLHF adapters: exact signatures and behaviour.

verl itself is not installed here (it pulls Ray and a GPU stack), so the
adapter is tested against verl's documented call contract: keyword and
positional calls, a fixed key set, numpy ground truths, reward_kwargs and
extra_info options.
"""

from __future__ import annotations

import inspect
import json

import numpy as np
import pytest

from toolreward import ConfigError
from toolreward.integrations import openrlhf, verl
from toolreward.integrations.common import REASON_IDS

GT = json.dumps([{"name": "f", "arguments": {"a": 1}}])
GOOD = '<think>r</think><tool_call>[{"name": "f", "arguments": {"a": 1}}]</tool_call>'
KEYS = {"score", "format_ok", "schema_ok", "calls_ok", "reason_id"}


def test_verl_signatures() -> None:
    assert list(inspect.signature(verl.compute_score).parameters)[:4] == [
        "data_source", "solution_str", "ground_truth", "extra_info"]  # fmt: skip
    assert list(inspect.signature(verl.compute_score_batch).parameters)[:4] == [
        "data_sources", "solution_strs", "ground_truths", "extra_infos"]  # fmt: skip


@pytest.mark.parametrize(
    "ground_truth",
    [GT, json.loads(GT), np.array(json.loads(GT), dtype=object), GT.encode()],
    ids=["json", "list", "numpy", "bytes"],
)
def test_verl_ground_truth_shapes(ground_truth: object) -> None:
    out = verl.compute_score("toolcall", GOOD, ground_truth)
    assert out == {
        "score": 1.0,
        "format_ok": 1.0,
        "schema_ok": 1.0,
        "calls_ok": 1.0,
        "reason_id": 0,
    }


def test_verl_same_keys_for_every_sample() -> None:
    samples = [GOOD, "junk", GOOD.replace('"a": 1', '"a": 2'), ""]
    outs = [verl.compute_score("d", s, GT, {"index": i}) for i, s in enumerate(samples)]
    assert all(set(o) == KEYS for o in outs)
    assert [o["score"] for o in outs] == [1.0, 0.0, 0.0, 0.0]
    assert outs[1]["reason_id"] == REASON_IDS["missing_think"]
    assert outs[2]["reason_id"] == REASON_IDS["wrong_argument_value"]


def test_verl_positional_float_variant() -> None:
    assert verl.compute_score_float("d", GOOD, GT, None) == 1.0
    assert isinstance(verl.compute_score_float("d", "x", GT, None), float)


def test_verl_options_from_reward_kwargs_and_extra_info() -> None:
    text = GOOD.replace("<think>r</think>", "")
    assert verl.compute_score("d", text, GT)["score"] == 0.0
    assert verl.compute_score("d", text, GT, think="optional")["score"] == 1.0
    assert verl.compute_score("d", text, GT, {"toolreward": {"think": "optional"}})["score"] == 1.0
    assert verl.compute_score("d", text, GT, {"think": "optional", "index": 3})["score"] == 1.0
    # tools from extra_info
    tools = [
        {"name": "f", "parameters": {"type": "object", "properties": {"a": {"type": "string"}}}}
    ]
    assert verl.compute_score("d", GOOD, GT, {"tools": tools})["reason_id"] == REASON_IDS[
        "argument_type_mismatch"]  # fmt: skip


def test_verl_batch() -> None:
    outs = verl.compute_score_batch(["d", "d"], [GOOD, "x"], [GT, GT], [None, None])
    assert [o["score"] for o in outs] == [1.0, 0.0]
    with pytest.raises(ValueError, match="batch lengths differ"):
        verl.compute_score_batch(["d"], [GOOD, GOOD], [GT], None)


def test_openrlhf_cuts_queries_and_returns_tensors() -> None:
    torch = pytest.importorskip("torch")
    prompt = "<|im_start|>user\nq<|im_end|>\n<|im_start|>assistant\n"
    queries = [prompt + GOOD + "<|im_end|><|endoftext|>", prompt + "nope<|im_end|>"]
    out = openrlhf.reward_func(queries, [prompt, prompt], [GT, GT])
    assert torch.equal(out["rewards"], torch.tensor([1.0, 0.0]))
    assert torch.equal(out["scores"], out["rewards"])
    assert torch.equal(out["extra_logs"]["format_ok"], torch.tensor([1.0, 0.0]))
    assert torch.equal(out["extra_logs"]["reason/ok"], torch.tensor([1.0, 0.0]))
    assert out["extra_logs"]["reason/ok"].mean() == 0.5


def test_openrlhf_prompt_without_marker() -> None:
    values = openrlhf.reward_values(["PROMPT " + GOOD], ["PROMPT "], [GT])
    assert values["rewards"] == [1.0]
    values = openrlhf.reward_values([GOOD], None, [GT], preset="tool_n1")
    assert values["rewards"] == [1.0]
    with pytest.raises(ValueError, match="differ in length"):
        openrlhf.reward_values([GOOD], [""], [GT, GT])


def test_verl_components_and_partial_credit() -> None:
    two = json.dumps([{"name": "f", "arguments": {"a": 1}}, {"name": "g", "arguments": {}}])
    tools = [
        {"name": "f", "parameters": {"type": "object", "properties": {"a": {"type": "integer"}}}}
    ]
    out = verl.compute_score("d", GOOD, two)
    assert (out["score"], out["format_ok"], out["schema_ok"], out["calls_ok"]) == (0, 1, 1, 0)
    assert verl.compute_score("d", GOOD, two, reward_mode="f1")["score"] == pytest.approx(2 / 3)
    assert verl.compute_score("d", GOOD, two, reward_mode="fractional")["score"] == 0.5
    bad = GOOD.replace('"a": 1', '"a": "1"')
    out = verl.compute_score("d", bad, GT, {"tools": tools})
    assert (out["format_ok"], out["schema_ok"], out["calls_ok"]) == (1.0, 0.0, 0.0)
    with pytest.raises(ConfigError, match="needs preset 'strict'"):
        verl.compute_score("d", GOOD, GT, preset="tool_n1", reward_mode="f1")
