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


CHUNK_ELEMENTS = 1 << 24  # logits upcast to fp32 at a time: 64 MiB per working tensor


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
    ``entropy_grad=False`` computes them outside autograd (for logging only).

    Memory: the log-softmax is computed in float32 a chunk of positions at a
    time (``CHUNK_ELEMENTS`` logits), forward and backward, so no full-size
    float32 copy of the logits is ever made or kept for the backward pass:
    beyond the model's own (B, T, V) logits, the cost is their gradient in the
    same dtype and a bounded working set.  float64 logits stay float64.

    >>> logits = torch.tensor([[[0.0, 0.0, 0.0, 0.0]]])
    >>> logp, ent = token_logprobs(logits, torch.tensor([[1]]), entropy=True)
    >>> round(float(logp), 4), round(float(ent), 4)
    (-1.3863, 1.3863)
    """
    with_grad = torch.is_grad_enabled() and logits.requires_grad
    logp, ent = _ChunkedLogProbs.apply(logits, tokens, float(temperature), entropy)
    if entropy and not (entropy_grad and with_grad):
        ent = ent.detach()
    return logp, (ent if entropy else None)


def _positions(logits: torch.Tensor) -> list[tuple[int, int, int]]:
    """(row, start, stop) slices of at most ``CHUNK_ELEMENTS`` logits each."""
    rows, width, vocab = logits.shape
    step = max(1, CHUNK_ELEMENTS // max(vocab, 1))
    return [(b, s, min(s + step, width)) for b in range(rows) for s in range(0, width, step)]


class _ChunkedLogProbs(torch.autograd.Function):
    """log p(token) and entropy per position; the backward pass recomputes each chunk's
    softmax from the saved (half-precision) logits instead of keeping float32 copies."""

    @staticmethod
    def forward(
        ctx: object, logits: torch.Tensor, tokens: torch.Tensor, temperature: float, entropy: bool
    ) -> tuple[torch.Tensor, torch.Tensor]:
        work = torch.promote_types(logits.dtype, torch.float32)
        logp = torch.empty(tokens.shape, dtype=work, device=logits.device)
        ent = torch.zeros(tokens.shape, dtype=work, device=logits.device)
        lse = torch.empty(tokens.shape, dtype=work, device=logits.device)
        for b, s, e in _positions(logits):
            x = logits[b, s:e].to(work) / temperature
            norm = torch.logsumexp(x, dim=-1)
            lse[b, s:e] = norm
            logp[b, s:e] = x.gather(-1, tokens[b, s:e].unsqueeze(-1)).squeeze(-1) - norm
            if entropy:
                ent[b, s:e] = norm - (torch.softmax(x, dim=-1) * x).sum(-1)
        ctx.save_for_backward(logits, tokens, lse, ent)  # type: ignore[attr-defined]
        ctx.temperature = temperature  # type: ignore[attr-defined]
        ctx.entropy = entropy  # type: ignore[attr-defined]
        return logp, ent

    @staticmethod
    def backward(
        ctx: object, grad_logp: torch.Tensor, grad_ent: torch.Tensor | None
    ) -> tuple[torch.Tensor | None, None, None, None]:
        logits, tokens, lse, ent = ctx.saved_tensors  # type: ignore[attr-defined]
        if not ctx.needs_input_grad[0]:  # type: ignore[attr-defined]
            return None, None, None, None
        temperature = ctx.temperature  # type: ignore[attr-defined]
        ent_grad = grad_ent if ctx.entropy else None  # type: ignore[attr-defined]
        work = lse.dtype
        grad = torch.empty_like(logits)
        for b, s, e in _positions(logits):
            x = logits[b, s:e].to(work) / temperature
            logp_all = x - lse[b, s:e].unsqueeze(-1)
            p = logp_all.exp()
            g = grad_logp[b, s:e].unsqueeze(-1)
            # d log p(token) / dx = onehot - p ;  d H / dx = -p * (log p + H)
            gx = -p * g
            gx.scatter_add_(-1, tokens[b, s:e].unsqueeze(-1), g)
            if ent_grad is not None:
                gh = ent_grad[b, s:e].unsqueeze(-1)
                gx -= p * (logp_all + ent[b, s:e].unsqueeze(-1)) * gh
            grad[b, s:e] = (gx / temperature).to(logits.dtype)
        return grad, None, None, None


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
