"""The whole loop on a tiny random Qwen2: learning, resume, micro-batching, LoRA, CLI, plots."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")

from tiny_lm import answer_tokenizer, run_config, write_records  # noqa: E402

from toolreward.grpo import config_from_dict, train  # noqa: E402

#: metrics that measure the machine, not the run
TIMING = ("time/", "tokens_per_s/")


def _run(tmp: Path, **sections: dict[str, Any]) -> Any:
    return train(config_from_dict(run_config(tmp, **sections)), tokenizer=answer_tokenizer())


def _stable(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if not k.startswith(TIMING)}


def test_metrics_rows(tmp_path: Path) -> None:
    result = _run(tmp_path)
    assert [row["step"] for row in result.metrics] == [1, 2]
    row = result.metrics[-1]
    for key in ("reward/mean", "reward/std", "reasons", "zero_spread_frac", "response/length_mean",
                "kl", "clip_frac", "loss", "entropy", "grad_norm", "time/rollout_s",
                "time/update_s", "tokens_per_s/rollout", "tokens_per_s/update"):  # fmt: skip
        assert key in row, key
    assert sum(row["reasons"].values()) == pytest.approx(1.0)
    assert set(row["reasons"]) <= {"ok", "missing_tool_call", "missing_think", "empty_response"}
    assert (result.run_dir / "checkpoints" / "step-000002" / "weights.pt").exists()
    assert (result.run_dir / "final" / "config.json").exists()


def test_resume_reproduces_the_uninterrupted_run(tmp_path: Path) -> None:
    straight = _run(tmp_path / "a", run={"steps": 4, "save_every": 2})
    _run(tmp_path / "b", run={"steps": 2, "save_every": 2})
    resumed = _run(tmp_path / "b", run={"steps": 4, "save_every": 2})
    assert [row["step"] for row in resumed.metrics] == [1, 2, 3, 4]
    assert [_stable(r) for r in resumed.metrics] == [_stable(r) for r in straight.metrics]
    for (name, p), q in zip(straight.policy.model.named_parameters(),
                            resumed.policy.model.parameters()):  # fmt: skip
        assert torch.equal(p, q), name


def test_reward_rises(tmp_path: Path) -> None:
    result = _run(tmp_path, run={"steps": 12}, optim={"lr": 0.05})
    rewards = [row["reward/mean"] for row in result.metrics]
    assert sum(rewards[:3]) / 3 < 0.5
    assert rewards[-3:] == [1.0, 1.0, 1.0]
    assert result.metrics[-1]["zero_spread_frac"] == 1.0
    assert result.metrics[-1]["kl"] > 0


def test_micro_batch_size_does_not_change_the_update(tmp_path: Path) -> None:
    one = _run(tmp_path / "one", run={"steps": 1}, optim={"micro_batch_size": 1, "lr": 0.01})
    all_ = _run(tmp_path / "all", run={"steps": 1}, optim={"micro_batch_size": 8, "lr": 0.01})
    assert one.metrics[0]["loss"] == pytest.approx(all_.metrics[0]["loss"], abs=1e-6)
    for p, q in zip(one.policy.model.parameters(), all_.policy.model.parameters()):
        assert torch.allclose(p, q, atol=1e-6)


@pytest.mark.parametrize("changes", [
    {"loss": {"num_iterations": 2, "agg": "seq-mean-token-mean"}},
    {"loss": {"scale_rewards": False, "kl_coef": 0.0, "entropy_coef": 0.01}},
    {"optim": {"warmup_steps": 4}},
])  # fmt: skip
def test_variants_run(tmp_path: Path, changes: dict[str, Any]) -> None:
    result = _run(tmp_path, **changes)
    row = result.metrics[-1]
    assert 0.0 <= row["clip_frac"] <= 1.0
    if changes.get("loss", {}).get("kl_coef") == 0.0:
        assert row["kl"] == 0.0 and result.policy.reference is None
    if "optim" in changes:
        assert row["lr"] == pytest.approx(1e-3 * 2 / 4)


def test_lora_trains_only_adapters(tmp_path: Path) -> None:
    pytest.importorskip("peft")
    result = _run(tmp_path, model={"lora": {"r": 4, "target_modules": ["q_proj", "v_proj"]}},
                  optim={"lr": 0.05}, run={"steps": 8})  # fmt: skip
    policy = result.policy
    assert policy.reference is None and policy.lora
    saved = torch.load(result.run_dir / "checkpoints" / "step-000008" / "weights.pt")
    assert saved and all("lora_" in name for name in saved)
    assert any(row["reward/mean"] > 0 for row in result.metrics)
    assert result.metrics[-1]["kl"] > 0  # measured against the adapter-free base
    assert (result.run_dir / "final" / "adapter_config.json").exists()


def test_held_out_reward_and_rng_isolation(tmp_path: Path) -> None:
    evals = write_records(tmp_path / "eval.jsonl", ["e", "f"])
    with_eval = _run(tmp_path / "e", data={"eval": str(evals)}, eval={"every": 1},
                     run={"steps": 3})  # fmt: skip
    without = _run(tmp_path / "n", run={"steps": 3})
    assert with_eval.metrics[0]["step"] == 0 and "eval/reward" in with_eval.metrics[0]
    assert all("eval/reward" in row for row in with_eval.metrics)
    train_rows = [{k: v for k, v in _stable(r).items() if not k.startswith("eval/")}
                  for r in with_eval.metrics[1:]]  # fmt: skip
    assert train_rows == [_stable(r) for r in without.metrics]


def test_prompt_too_long_names_the_record(tmp_path: Path) -> None:
    from toolreward.errors import ConfigError

    with pytest.raises(
        ConfigError, match=r"train.jsonl:1: prompt has 3 tokens, over data.max_prompt_tokens=2"
    ):
        _run(tmp_path, data={"max_prompt_tokens": 2})


def test_cli_train_then_plot(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    pytest.importorskip("yaml")
    from toolreward.cli import main

    answer_tokenizer().save_pretrained(tmp_path / "tok")
    raw = run_config(tmp_path)
    raw["model"]["tokenizer"] = str(tmp_path / "tok")
    config = tmp_path / "run.json"
    config.write_text(json.dumps(raw))
    assert main(["train", "--config", str(config), "--set", "run.steps=3"]) == 0
    run_dir = Path(raw["run"]["output_dir"])
    rows = [json.loads(line) for line in (run_dir / "metrics.jsonl").read_text().splitlines()]
    assert [row["step"] for row in rows] == [1, 2, 3]
    assert main(["plot", str(run_dir)]) == 0
    for name in ("reward", "kl", "clip", "throughput", "overview"):
        png = run_dir / "plots" / f"{name}.png"
        assert png.read_bytes().startswith(b"\x89PNG")
    assert main(["train", "--config", str(config), "--set", "loss.clip_low=-1"]) == 2


def test_import_toolreward_stays_light() -> None:
    code = ("import sys, toolreward, toolreward.integrations.trl; "
            "print(sorted(m for m in ('torch', 'pydantic', 'transformers') if m in sys.modules))")  # fmt: skip
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    # The trainer's config can be validated without torch.
    code = "import sys, toolreward.grpo; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_chat_template_and_stop_tokens(tmp_path: Path) -> None:
    from toolreward.errors import ConfigError
    from toolreward.grpo.policy import load_policy

    raw = run_config(tmp_path, model={"chat_template": "{{ messages[-1]['content'] }}",
                                      "stop_tokens": ["<think>x</think>"]})  # fmt: skip
    policy = load_policy(config_from_dict(raw), tokenizer=answer_tokenizer())
    assert policy.tokenizer.chat_template == "{{ messages[-1]['content'] }}"
    assert policy.eos_ids == (1, 4)  # the tokenizer's EOS, then the stop token
    raw["model"]["stop_tokens"] = ["not-a-token"]
    with pytest.raises(ConfigError, match="'not-a-token' is not one token"):
        load_policy(config_from_dict(raw), tokenizer=answer_tokenizer())


def test_no_update_when_every_group_is_flat(tmp_path: Path) -> None:
    tmp_path.mkdir(exist_ok=True)
    data = tmp_path / "never.jsonl"
    data.write_text(
        json.dumps({"prompt": "a", "ground_truth": [{"name": "w", "arguments": {}}]}) + "\n"
    )
    result = _run(tmp_path, data={"train": str(data)}, loss={"kl_coef": 0.0})
    row = result.metrics[-1]
    assert row["reward/mean"] == 0.0 and row["zero_spread_frac"] == 1.0
    assert row["loss"] == 0.0 and row["grad_norm"] == 0.0
    assert row["clip_frac"] is None and row["entropy"] is None and row["kl"] is None


def test_gradient_checkpointing_gives_the_same_update(tmp_path: Path) -> None:
    plain = _run(tmp_path / "plain", run={"steps": 1}, optim={"lr": 0.01})
    ckpt = _run(tmp_path / "ckpt", run={"steps": 1}, optim={"lr": 0.01},
                model={"gradient_checkpointing": True})  # fmt: skip
    assert ckpt.policy.model.model.gradient_checkpointing
    for p, q in zip(plain.policy.model.parameters(), ckpt.policy.model.parameters()):
        assert torch.allclose(p, q, atol=1e-6)
