"""verl 0.9.1's reward-loop managers score a real ``DataProto`` with our adapter.

The adapter file is loaded by verl's own loader (``load_extern_object``),
the batch is a ``DataProto`` of token ids from a tiny tokenizer, and each
registered manager (``naive``, ``dapo``, ``gdpo``, ``rate_limited``) runs
its own ``run_single`` on every row and assembles ``rm_scores`` as the
trainer does.  The rewards must equal ``toolreward.score`` on the decoded
completions, and the extra-info keys must be the same for every row.

verl's modules import Ray at module level (no cluster is started here).
Needs verl 0.9.1 (``--no-deps``) plus ``ray``, ``tensordict``,
``omegaconf``, ``codetiming`` and ``orjson`` (``.ci/run`` installs them).
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import pytest

import toolreward.integrations as integrations
from toolreward import score

torch = pytest.importorskip("torch")
if importlib.util.find_spec("verl") is None:
    pytest.skip("verl is not installed", allow_module_level=True)

DIR = Path(integrations.__file__).parent
GT = [{"name": "get_weather", "arguments": {"city": "Paris"}}]
COMPLETIONS = [
    '<think>Need the weather.</think><tool_call>[{"name": "get_weather", "arguments": {"city": "Paris"}}]</tool_call>',
    '<think>Need the weather.</think><tool_call>[{"name": "get_weather", "arguments": {"city": "Rome"}}]</tool_call>',
    '<tool_call>[{"name": "get_weather", "arguments": {"city": "Paris"}}]</tool_call>',
    "It is sunny.",
]


def load_extern_object(path: str, name: str) -> Any:
    """verl's own loader of ``custom_reward_function.path``."""
    from verl.utils.import_utils import load_extern_object as load

    return load(path, name)


def _batch(tokenizer: Any) -> Any:
    import numpy as np
    from verl import DataProto

    prompt = "Weather in Paris?"
    p_ids = tokenizer(prompt)["input_ids"]
    rows = [tokenizer(c)["input_ids"] for c in COMPLETIONS]
    width = max(len(r) for r in rows) + 3  # right padding, as verl's rollout leaves it
    pad = tokenizer.pad_token_id
    responses = torch.tensor([r + [pad] * (width - len(r)) for r in rows])
    prompts = torch.tensor([p_ids] * len(rows))
    mask = torch.tensor([[1] * len(p_ids) + [1] * len(r) + [0] * (width - len(r)) for r in rows])
    return DataProto.from_dict(
        tensors={"prompts": prompts, "responses": responses, "attention_mask": mask,
                 "input_ids": torch.cat([prompts, responses], dim=1)},
        non_tensors={
            "data_source": np.array(["tool_n1"] * len(rows), dtype=object),
            # The parquet layout of examples/verl: the ground truth as JSON text.
            "reward_model": np.array([{"ground_truth": json.dumps(GT), "style": "rule"}] * len(rows),
                                     dtype=object),
            "extra_info": np.array([{"index": i} for i in range(len(rows))], dtype=object),
        },
    )  # fmt: skip


@pytest.mark.parametrize("manager", ["naive", "dapo", "gdpo", "rate_limited"])
def test_reward_loop_manager_scores_a_dataproto(manager: str) -> None:
    from omegaconf import OmegaConf
    from tiny_lm import char_tokenizer
    from verl.experimental.reward_loop.reward_manager import get_reward_manager_cls
    from verl.utils.import_utils import load_extern_object

    tokenizer = char_tokenizer()
    compute_score = load_extern_object(str(DIR / "verl.py"), "compute_score")
    config = OmegaConf.create(
        {"reward": {"reward_kwargs": {}, "max_concurrent": 4}, "trainer": {"experiment_name": "t"}}
    )
    cls = get_reward_manager_cls(manager)
    rm = cls(config=config, tokenizer=tokenizer, compute_score=compute_score)
    data = _batch(tokenizer)

    async def run_all() -> list[dict[str, Any]]:
        return [await rm.run_single(data[i : i + 1]) for i in range(len(data))]

    results = rm.loop.run_until_complete(run_all()) if not rm.loop.is_running() else None
    if results is None:  # pragma: no cover - an outer loop is running
        results = asyncio.run(run_all())
    expected = [score(c, GT).reward for c in COMPLETIONS]
    assert [r["reward_score"] for r in results] == expected == [1.0, 0.0, 0.0, 0.0]
    keys = [sorted(r["reward_extra_info"]) for r in results]
    assert all(k == keys[0] for k in keys)
    assert {"format_ok", "schema_ok", "calls_ok", "reason_id"} <= set(keys[0])
    rm_scores = cls.assemble_rm_scores(data, [r["reward_score"] for r in results])
    assert rm_scores.sum(dim=1).tolist() == expected


def _verl_parquet(source: str, tmp_path: Path) -> tuple[Path, int]:
    """A verl-layout parquet written by ``examples/verl/preprocess.py`` or by ``toolreward data``."""
    root = Path(__file__).resolve().parents[1]
    if source == "preprocess":
        sys.path.insert(0, str(root / "examples" / "verl"))
        try:
            import preprocess
        finally:
            sys.path.pop(0)
        out = tmp_path / "train.parquet"
        preprocess.main(str(root / "examples" / "verl" / "sample.jsonl"), str(out))
        return out, 3
    import pyarrow.parquet as pq

    from toolreward.cli import main as cli

    fixture = root / "tests" / "fixtures" / "xlam_sample.jsonl"
    argv = ["data", "xlam", str(fixture), "--out", str(tmp_path / "data"), "--layout", "verl",
            "--formats", "parquet", "--test-share", "0"]  # fmt: skip
    assert cli(argv) == 0
    out = tmp_path / "data" / "train.verl.parquet"
    return out, pq.read_table(out).num_rows


@pytest.mark.parametrize("source", ["preprocess", "toolreward data"])
def test_rlhf_dataset_reads_the_verl_parquet(tmp_path: Path, source: str) -> None:
    """verl's own ``RLHFDataset`` loads the parquet of ``examples/verl/preprocess.py`` and of
    ``toolreward data --layout verl`` unchanged; the ground truth it hands the reward
    (``reward_model.ground_truth``) scores the right answer 1 and a wrong one 0, after
    ``collate_fn`` batches the rows."""
    pytest.importorskip("pyarrow")
    from omegaconf import OmegaConf
    from tiny_lm import char_tokenizer
    from verl.utils.dataset.rl_dataset import RLHFDataset, collate_fn

    out, rows = _verl_parquet(source, tmp_path)
    assert rows > 0
    tokenizer = char_tokenizer()
    # A minimal chat template for the character tokenizer (verl renders the prompt with it).
    tokenizer.chat_template = (
        "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}"
        "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
    )
    config = OmegaConf.create(
        {"max_prompt_length": 100_000, "filter_overlong_prompts": False, "truncation": "error",
         "cache_dir": str(tmp_path / "cache")}
    )  # fmt: skip
    dataset = RLHFDataset(data_files=[str(out)], tokenizer=tokenizer, config=config)
    assert len(dataset) == rows
    batch = collate_fn([dataset[i] for i in range(len(dataset))])
    compute_score = load_extern_object(str(DIR / "verl.py"), "compute_score")
    for source, model, extra in zip(
        batch["data_source"], batch["reward_model"], batch["extra_info"]
    ):
        truth = model["ground_truth"]
        right = "<think>ok</think><tool_call>" + truth + "</tool_call>"
        assert compute_score(source, right, truth, extra)["score"] == 1.0
        wrong = '<think>ok</think><tool_call>[{"name": "x", "arguments": {}}]</tool_call>'
        assert compute_score(source, wrong, truth, extra)["score"] == 0.0
