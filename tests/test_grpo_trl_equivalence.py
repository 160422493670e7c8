"""Our loss equals TRL's GRPOTrainer._compute_loss on identical inputs (values and gradients).

TRL's method is called directly on a stand-in ``self`` whose log-prob
function returns our tensor, so both sides see the same log-probs,
old log-probs, reference log-probs, advantages and mask.  TRL's ``bnpo``
loss is our ``token-mean``; its ``grpo`` loss is our ``seq-mean-token-mean``.
"""

from __future__ import annotations

import collections
import types
from typing import Any

import pytest

torch = pytest.importorskip("torch")
grpo_trainer = pytest.importorskip("trl.trainer.grpo_trainer")

from toolreward.grpo.algorithm import grpo_loss  # noqa: E402


class _Accelerator:
    num_processes = 1
    sync_gradients = True

    def gather(self, x: Any) -> Any:
        return x

    def gather_for_metrics(self, x: Any) -> Any:
        return x

    def reduce(self, x: Any, reduction: str = "sum") -> Any:
        return x


def trl_loss(logp: Any, old: Any, ref: Any, adv: Any, mask: Any, *, loss_type: str, beta: float,
             eps_low: float, eps_high: float) -> tuple[Any, dict[str, list[float]]]:  # fmt: skip
    metrics: dict[str, list[float]] = collections.defaultdict(list)
    stub = types.SimpleNamespace(
        top_entropy_quantile=1.0, off_policy_mask_threshold=None,
        importance_sampling_level="token", beta=beta,
        args=types.SimpleNamespace(use_bias_correction_kl=False, delta=None),
        loss_type=loss_type, epsilon_low=eps_low, epsilon_high=eps_high, use_vllm=False,
        model=types.SimpleNamespace(training=True), current_gradient_accumulation_steps=1,
        _entropy_bonus_enabled=False, aux_loss_enabled=False, _metrics={"train": metrics},
        accelerator=_Accelerator(),
        _get_per_token_logps_and_entropies=lambda *a, **k: (logp, torch.zeros_like(logp), None),
    )  # fmt: skip
    rows = logp.size(0)
    inputs = {
        "prompt_ids": torch.zeros(rows, 1, dtype=torch.long),
        "prompt_mask": torch.ones(rows, 1, dtype=torch.long),
        "completion_ids": torch.zeros_like(mask), "completion_mask": mask,
        "advantages": adv, "old_per_token_logps": old, "ref_per_token_logps": ref,
    }  # fmt: skip
    return grpo_trainer.GRPOTrainer._compute_loss(stub, None, inputs), metrics


CASES = [
    # TRL loss type, our aggregation, KL coefficient, clip low, clip high, seed
    ("bnpo", "token-mean", 0.0, 0.2, 0.2, 0),
    ("bnpo", "token-mean", 1e-3, 0.2, 0.2, 1),
    ("bnpo", "token-mean", 0.04, 0.2, 0.28, 2),
    ("grpo", "seq-mean-token-mean", 0.0, 0.2, 0.2, 3),
    ("grpo", "seq-mean-token-mean", 1e-3, 0.2, 0.2, 4),
    ("grpo", "seq-mean-token-mean", 0.04, 0.1, 0.3, 5),
]


@pytest.mark.parametrize(("loss_type", "agg", "beta", "low", "high", "seed"), CASES)
def test_loss_and_gradient_match_trl(loss_type: str, agg: str, beta: float, low: float,
                                     high: float, seed: int) -> None:  # fmt: skip
    gen = torch.Generator().manual_seed(seed)
    rows, width = 10, 9
    base = -torch.rand(rows, width, generator=gen) * 3
    # Old and reference log-probs drift from the current ones so that clipping
    # (both sides) and the KL term are exercised.
    old = base + 0.4 * torch.randn(rows, width, generator=gen)
    ref = base + 0.3 * torch.randn(rows, width, generator=gen)
    adv = torch.randn(rows, generator=gen)
    mask = (torch.rand(rows, width, generator=gen) > 0.25).long()
    mask[:, 0] = 1

    logp_trl = base.clone().requires_grad_(True)
    theirs, metrics = trl_loss(logp_trl, old, ref, adv, mask, loss_type=loss_type, beta=beta,
                               eps_low=low, eps_high=high)  # fmt: skip
    (grad_trl,) = torch.autograd.grad(theirs, logp_trl)

    logp_ours = base.clone().requires_grad_(True)
    ours = grpo_loss(logp_ours, old, adv, mask, clip_low=low, clip_high=high, ref_logp=ref,
                     kl_coef=beta, agg=agg)  # type: ignore[arg-type]  # fmt: skip
    (grad_ours,) = torch.autograd.grad(ours.loss, logp_ours)

    assert abs(float(theirs.detach()) - float(ours.loss.detach())) < 1e-5
    assert float((grad_trl - grad_ours).abs().max()) < 1e-5
    clip_frac = ours.clipped_tokens / ours.tokens
    assert clip_frac > 0
    assert clip_frac == pytest.approx(metrics["clip_ratio/region_mean"][0], abs=1e-6)
    if beta:
        assert ours.kl_sum / ours.tokens == pytest.approx(metrics["kl"][0], abs=1e-6)
