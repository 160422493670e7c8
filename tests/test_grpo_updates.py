"""Updates like the paper's recipe: fp32 master weights for bf16 models, mini-batches per rollout.

* At lr 1e-6, AdamW on pure bf16 weights rounds almost every update away;
  with fp32 master copies the optimizer's weights move exactly as an fp32
  model's do (same gradients), and through the real loop a bf16 model's
  master weights change where pure bf16 training leaves them frozen.
* With several mini-batches per rollout (verl's ``ppo_mini_batch_size``),
  old log-probs are fixed once, so from the second update on the ratio
  departs from 1 and clipping acts; with one update per rollout it never
  does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")

from tiny_lm import answer_tokenizer, run_config  # noqa: E402

from toolreward.grpo import config_from_dict, train  # noqa: E402
from toolreward.grpo.master import MasterWeights, wants_master_weights  # noqa: E402


def _changed_share(before: list[torch.Tensor], after: list[torch.Tensor]) -> float:
    changed = sum(int((a.float() != b.float()).sum()) for a, b in zip(after, before))
    return changed / sum(b.numel() for b in before)


def test_a_small_step_moves_master_weights_as_fp32_does() -> None:
    torch.manual_seed(0)
    reference = torch.nn.Linear(64, 64)
    with torch.no_grad():  # start every copy from the same bf16-representable weights
        for p in reference.parameters():
            p.copy_(p.to(torch.bfloat16).float())
    pure = torch.nn.Linear(64, 64).to(torch.bfloat16)
    mixed = torch.nn.Linear(64, 64).to(torch.bfloat16)
    for model in (pure, mixed):
        model.load_state_dict({k: v.to(torch.bfloat16) for k, v in reference.state_dict().items()})
    master = MasterWeights(list(mixed.parameters()))
    optimizers = {
        "fp32": torch.optim.AdamW(reference.parameters(), lr=1e-6),
        "bf16": torch.optim.AdamW(pure.parameters(), lr=1e-6),
        "master": torch.optim.AdamW(master.params, lr=1e-6),
    }
    start = [p.detach().clone() for p in reference.parameters()]
    x = torch.randn(32, 64)
    for _ in range(5):
        reference.zero_grad()
        loss = reference(x).pow(2).mean()
        loss.backward()
        grads = [p.grad.detach().clone() for p in reference.parameters()]
        for model in (pure, mixed):  # the same gradients everywhere
            for p, g in zip(model.parameters(), grads):
                p.grad = g.to(torch.bfloat16)
        master.pull_grads()
        for name, opt in optimizers.items():
            opt.step()
            if name == "master":
                master.push_params()
        master.zero_grad()
        pure.zero_grad()
    fp32_share = _changed_share(start, [p.detach() for p in reference.parameters()])
    pure_share = _changed_share(start, [p.detach() for p in pure.parameters()])
    master_share = _changed_share(start, [p.detach() for p in master.params])
    assert fp32_share > 0.9
    assert pure_share < 0.1  # bf16 rounds lr-1e-6 updates away
    assert master_share == pytest.approx(fp32_share)
    for m, r in zip(master.params, reference.parameters()):
        # bf16 gradients are the only difference: at most one bf16 rounding per step
        assert torch.allclose(m, r, rtol=0, atol=5 * 1e-6 * 2**-7)


def test_auto_mode_wants_master_weights_only_for_low_precision() -> None:
    low = [torch.nn.Parameter(torch.zeros(2, dtype=torch.bfloat16))]
    full = [torch.nn.Parameter(torch.zeros(2))]
    assert wants_master_weights("auto", low) and not wants_master_weights("auto", full)
    assert wants_master_weights("fp32", full) and not wants_master_weights("off", low)


def _run(tmp: Path, **sections: dict[str, Any]) -> Any:
    return train(config_from_dict(run_config(tmp, **sections)), tokenizer=answer_tokenizer())


@pytest.mark.parametrize(("mode", "learns"), [("auto", True), ("off", False)])
def test_a_bf16_model_learns_at_lr_1e6_only_with_master_weights(
    tmp_path: Path, mode: str, learns: bool
) -> None:
    import transformers
    from tiny_lm import qwen2_config

    torch.manual_seed(0)
    model = transformers.Qwen2ForCausalLM(transformers.Qwen2Config(**qwen2_config(6)))
    model = model.to(torch.bfloat16)
    before = [p.detach().clone() for p in model.parameters()]
    result = train(
        config_from_dict(
            run_config(
                tmp_path,
                optim={"lr": 1e-6, "master_weights": mode},
                loss={"kl_coef": 0.0},
                run={"steps": 3, "save_every": 3},
            )
        ),
        model=model,
        tokenizer=answer_tokenizer(),
    )
    checkpoint = result.run_dir / "checkpoints" / "step-000003"
    if learns:
        masters = torch.load(checkpoint / "master.pt")
        assert _changed_share(before, masters) > 0.5
    else:
        assert not (checkpoint / "master.pt").exists()
        assert _changed_share(before, [p.detach() for p in model.parameters()]) < 0.05


@pytest.mark.parametrize(
    ("loss", "clips"),
    [
        ({"mini_batch_prompts": 1}, True),  # 2 prompts per step: 2 updates per rollout
        ({"num_iterations": 2}, True),
        ({}, False),  # one update per rollout: the ratio is 1
    ],
)
def test_clipping_acts_from_the_second_update_on(
    tmp_path: Path, loss: dict[str, Any], clips: bool
) -> None:
    result = _run(tmp_path, loss={"kl_coef": 0.0, "clip_low": 0.01, "clip_high": 0.01, **loss},
                  optim={"lr": 0.05}, run={"steps": 4})  # fmt: skip
    updates = 2 if loss else 1
    assert all(row["updates"] == updates for row in result.metrics)
    clip = [row["clip_frac"] for row in result.metrics if row["clip_frac"] is not None]
    if clips:
        assert max(clip) > 0
    else:
        assert clip and all(c == 0 for c in clip)


@pytest.mark.parametrize(("log_entropy", "logged"), [(True, True), (False, False)])
def test_entropy_is_computed_only_when_logged_or_in_the_loss(
    tmp_path: Path, log_entropy: bool, logged: bool
) -> None:
    result = _run(tmp_path, loss={"log_entropy": log_entropy}, run={"steps": 1})
    row = result.metrics[-1]
    assert (row["entropy"] is not None) == logged
