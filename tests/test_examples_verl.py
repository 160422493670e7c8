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


PAPER = {  # NVlabs/Tool-N1 @ f9b4849, qwen_rl.sh + verl/examples/agent/qwen.sh (ppo_mini_batch_size: verl's default then)
    "data.train_batch_size": 1024,
    "data.val_batch_size": 1312,
    "data.max_prompt_length": 4096,
    "data.max_response_length": 8192,
    "actor_rollout_ref.actor.optim.lr": 1e-6,
    "actor_rollout_ref.actor.ppo_mini_batch_size": 256,
    "actor_rollout_ref.actor.use_dynamic_bsz": True,
    "actor_rollout_ref.actor.ppo_max_token_len_per_gpu": 30720,
    "actor_rollout_ref.actor.use_kl_loss": True,
    "actor_rollout_ref.actor.kl_loss_coef": 0.001,
    "actor_rollout_ref.actor.kl_loss_type": "low_var_kl",
    "actor_rollout_ref.actor.entropy_coeff": 0,
    "actor_rollout_ref.rollout.n": 5,
    "actor_rollout_ref.rollout.temperature": 0.7,
    "actor_rollout_ref.rollout.tensor_model_parallel_size": 2,
    "actor_rollout_ref.rollout.gpu_memory_utilization": 0.6,
    "actor_rollout_ref.ref.fsdp_config.param_offload": True,
    "actor_rollout_ref.model.use_remove_padding": True,
    "algorithm.adv_estimator": "grpo",
    "trainer.total_epochs": 7,
    "trainer.n_gpus_per_node": 8,
    "trainer.save_freq": 10,
    "trainer.test_freq": 10,
}


def _launch_overrides(env: dict[str, str]) -> list[str]:
    """The ``key=value`` arguments that run_grpo.sh passes to ``verl.trainer.main_ppo``."""
    import os
    import shlex

    text = (ROOT / "examples" / "verl" / "run_grpo.sh").read_text()
    command = text[text.index("python3 -m verl.trainer.main_ppo") :].split('"$@"')[0]
    words = shlex.split(command.replace("\\\n", " "))[3:]
    old = dict(os.environ)
    os.environ.update(env)
    try:
        return [os.path.expandvars(w) for w in words]
    finally:
        os.environ.clear()
        os.environ.update(old)


def test_the_verl_launch_composes_against_verls_own_config_with_the_papers_values() -> None:
    """Every override of run_grpo.sh is a key of verl 0.9.x's ``ppo_trainer`` config (Hydra
    rejects unknown ones), and the composed config holds the paper's settings."""
    pytest.importorskip("verl")
    hydra = pytest.importorskip("hydra")
    import verl

    env = {"DATA": "/data", "MODEL": "Qwen/Qwen2.5-7B-Instruct", "NNODES": "4",
           "REWARD": "/site/toolreward/integrations/verl.py"}  # fmt: skip
    overrides = _launch_overrides(env)
    assert all("=" in o and "$" not in o for o in overrides), overrides
    config_dir = Path(verl.__file__).parent / "trainer" / "config"
    with hydra.initialize_config_dir(config_dir=str(config_dir), version_base=None):
        config = hydra.compose(config_name="ppo_trainer", overrides=overrides)
    from omegaconf import OmegaConf

    for key, value in PAPER.items():
        assert OmegaConf.select(config, key) == value, key
    assert OmegaConf.select(config, "trainer.nnodes") == 4
    assert OmegaConf.select(config, "data.train_files") == "/data/train.verl.parquet"
    assert OmegaConf.select(config, "reward.custom_reward_function.path") == env["REWARD"]
    assert OmegaConf.select(config, "reward.custom_reward_function.name") == "compute_score"
    # the paper's 1024 prompts in mini-batches of 256: four optimizer updates per rollout
    assert (
        PAPER["data.train_batch_size"] // PAPER["actor_rollout_ref.actor.ppo_mini_batch_size"] == 4
    )


def test_a_misspelt_override_is_rejected_by_the_same_compose() -> None:
    """The check above can fail: Hydra refuses a key verl's config does not have."""
    pytest.importorskip("verl")
    hydra = pytest.importorskip("hydra")
    import verl

    config_dir = Path(verl.__file__).parent / "trainer" / "config"
    with (
        hydra.initialize_config_dir(config_dir=str(config_dir), version_base=None),
        pytest.raises(Exception, match="ppo_mini_batch"),
    ):
        hydra.compose(config_name="ppo_trainer",
                      overrides=["actor_rollout_ref.actor.ppo_mini_batch=256"])  # fmt: skip
