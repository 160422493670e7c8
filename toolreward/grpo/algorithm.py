"""GRPO's arithmetic: advantages, log-probs, KL and the clipped loss, as pure torch functions.

Shapes: ``B`` sequences of ``T`` completion tokens; ``mask`` is 1 on the
tokens the policy wrote (the EOS included) and 0 on padding.

**Advantages** (one group = the ``n`` completions of one prompt)::

    A_i = (r_i - mean(r)) / (std(r) + eps)      # scale_rewards=True (std is Bessel-corrected)
    A_i =  r_i - mean(r)                        # scale_rewards=False (Dr. GRPO)

A group whose rewards are all equal gets ``A = 0``: no gradient.

**Per-token loss** with ``ratio = exp(logp - old_logp)``::

    pg   = max(-A * ratio, -A * clip(ratio, 1 - clip_low, 1 + clip_high))
    kl   = exp(ref - logp) - (ref - logp) - 1   # k3, clamped to [-10, 10] as verl's low_var_kl
    loss = pg + kl_coef * kl - entropy_coef * entropy

**Aggregation** over the whole step (all micro-batches together)::

    token-mean:           sum(loss * mask) / sum(mask)
    seq-mean-token-mean:  mean over sequences of (sum(loss * mask) / sum(mask)) per sequence

Micro-batches divide by the *step's* token (or sequence) count, so the
gradient does not depend on the micro-batch size.

>>> import torch
>>> adv, zero = group_advantages(torch.tensor([1.0, 0.0, 0.0, 1.0, 1.0, 1.0]), 3)
>>> [round(a, 4) for a in adv.tolist()], zero
([1.1547, -0.5773, -0.5773, 0.0, 0.0, 0.0], 0.5)
"""

from __future__ import annotations

from typing import Literal, NamedTuple

import torch

Aggregation = Literal["token-mean", "seq-mean-token-mean"]

KL_CLAMP = 10.0
DELTA_CLAMP = 20.0  # on ref - logp before exp (verl low_var_kl)


def group_advantages(
    rewards: torch.Tensor, group_size: int, scale: bool = True, eps: float = 1e-6
) -> tuple[torch.Tensor, float]:
    """Advantages for rewards laid out group after group; also the zero-spread group fraction."""
    if rewards.numel() % group_size:
        raise ValueError(f"{rewards.numel()} rewards do not split into groups of {group_size}")
    grouped = rewards.float().view(-1, group_size)
    # Equal rewards are tested exactly: a float mean of equal values can be off
    # by one ulp, and dividing that residue by a tiny std would amplify it.
    flat = grouped.amax(dim=1) == grouped.amin(dim=1)
    centred = (grouped - grouped.mean(dim=1, keepdim=True)).masked_fill(flat.unsqueeze(1), 0.0)
    if scale and group_size > 1:
        spread = grouped.std(dim=1, keepdim=True).masked_fill(flat.unsqueeze(1), 0.0)
        centred = centred / (spread + eps)
    zero_spread = float(flat.float().mean())
    return centred.reshape(-1), zero_spread


def token_logprobs(
    logits: torch.Tensor,
    tokens: torch.Tensor,
    temperature: float = 1.0,
    entropy: bool = False,
    entropy_grad: bool = True,
) -> tuple[torch.Tensor, torch.Tensor | None]:
    """Log-probabilities of ``tokens`` (B, T) under ``logits`` (B, T, V) scaled by 1/temperature.

    The same temperature as in sampling, so ratios compare like with like.
    Returns the (B, T) log-probs and, if asked, the (B, T) entropies;
    ``entropy_grad=False`` computes them outside autograd (for logging only,
    which saves a (B, T, V) tensor in the graph).
    """
    # half-precision logits are upcast; float64 stays float64 (gradient checks)
    scaled = logits if logits.dtype in (torch.float32, torch.float64) else logits.float()
    if temperature != 1.0:
        scaled = scaled / temperature
    logp_all = torch.log_softmax(scaled, dim=-1)
    logp = logp_all.gather(-1, tokens.unsqueeze(-1)).squeeze(-1)
    ent = None
    if entropy:
        with torch.set_grad_enabled(entropy_grad and torch.is_grad_enabled()):
            ent = -(logp_all.exp() * logp_all).sum(-1)
    return logp, ent


def k3_kl(logp: torch.Tensor, ref_logp: torch.Tensor) -> torch.Tensor:
    """Per-token k3 estimate of KL(policy || reference), clamped to [-10, 10].

    The log-ratio is clamped to [-20, 20] before ``exp``, as verl's
    ``low_var_kl`` does: past about 88, ``exp`` overflows float32 and the
    gradient through the outer clamp becomes NaN.
    """
    delta = (ref_logp - logp).clamp(-DELTA_CLAMP, DELTA_CLAMP)
    return (torch.exp(delta) - delta - 1).clamp(-KL_CLAMP, KL_CLAMP)


class LossParts(NamedTuple):
    """A micro-batch's loss (to backpropagate) and sums for the step's metrics."""

    loss: torch.Tensor
    pg_sum: float
    kl_sum: float
    entropy_sum: float
    clipped_tokens: float
    tokens: float


def normalizer(mask: torch.Tensor, agg: Aggregation) -> float:
    """The denominator ``agg`` divides by: masked tokens, or sequences."""
    if agg == "token-mean":
        return float(mask.sum().clamp(min=1))
    return float(mask.size(0))


def aggregate(
    per_token: torch.Tensor, mask: torch.Tensor, agg: Aggregation, denominator: float
) -> torch.Tensor:
    """Sum ``per_token`` over the mask in the way ``agg`` says, divided by ``denominator``."""
    if agg == "token-mean":
        return (per_token * mask).sum() / denominator
    per_seq = (per_token * mask).sum(-1) / mask.sum(-1).clamp(min=1)
    return per_seq.sum() / denominator


def grpo_loss(
    logp: torch.Tensor,
    old_logp: torch.Tensor,
    advantages: torch.Tensor,
    mask: torch.Tensor,
    *,
    clip_low: float = 0.2,
    clip_high: float = 0.2,
    ref_logp: torch.Tensor | None = None,
    kl_coef: float = 0.0,
    entropy: torch.Tensor | None = None,
    entropy_coef: float = 0.0,
    agg: Aggregation = "token-mean",
    denominator: float | None = None,
) -> LossParts:
    """The clipped GRPO loss of one micro-batch (formulas in the module docstring).

    ``denominator`` defaults to this micro-batch's own (``normalizer(mask, agg)``);
    pass the whole step's to accumulate micro-batches exactly.
    """
    mask = mask.to(logp.dtype)
    if denominator is None:
        denominator = normalizer(mask, agg)
    adv = advantages.unsqueeze(-1)
    ratio = torch.exp(logp - old_logp)
    unclipped = -adv * ratio
    clipped = -adv * ratio.clamp(1.0 - clip_low, 1.0 + clip_high)
    pg = torch.maximum(unclipped, clipped)
    per_token = pg
    kl_sum = 0.0
    if ref_logp is not None and kl_coef != 0.0:
        kl = k3_kl(logp, ref_logp)
        per_token = per_token + kl_coef * kl
        kl_sum = float((kl.detach() * mask).sum())
    entropy_sum = 0.0
    if entropy is not None:
        if entropy_coef != 0.0:
            per_token = per_token - entropy_coef * entropy
        entropy_sum = float((entropy.detach() * mask).sum())
    loss = aggregate(per_token, mask, agg, denominator)
    with torch.no_grad():
        was_clipped = (clipped > unclipped).to(mask.dtype)
        return LossParts(
            loss=loss,
            pg_sum=float((pg.detach() * mask).sum()),
            kl_sum=kl_sum,
            entropy_sum=entropy_sum,
            clipped_tokens=float((was_clipped * mask).sum()),
            tokens=float(mask.sum()),
        )
