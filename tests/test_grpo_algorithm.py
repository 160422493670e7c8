"""GRPO arithmetic against hand-computed values: advantages, clipping, KL, aggregation, gradients."""

from __future__ import annotations

import math

import pytest

torch = pytest.importorskip("torch")

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from toolreward.grpo.algorithm import (  # noqa: E402
    group_advantages,
    grpo_loss,
    k3_kl,
    normalizer,
    token_logprobs,
)

S3 = 1 / math.sqrt(1 / 3)  # 1 / std of [1, 0, 0] (Bessel): 1.7320...

ADVANTAGES = [
    # rewards, group size, scale, expected advantages, zero-spread fraction
    ([1, 0, 0], 3, True, [2 / 3 * S3, -1 / 3 * S3, -1 / 3 * S3], 0.0),
    ([1, 0, 0], 3, False, [2 / 3, -1 / 3, -1 / 3], 0.0),
    ([1, 1, 0, 0], 2, True, [0, 0, 0, 0], 1.0),
    ([1, 0, 1, 1], 2, True, [0.5 / math.sqrt(0.5), -0.5 / math.sqrt(0.5), 0, 0], 0.5),
    ([1, 0, 1, 1], 2, False, [0.5, -0.5, 0, 0], 0.5),
    ([0, 0, 0, 0, 0], 5, True, [0] * 5, 1.0),
    ([1, 0], 1, True, [0, 0], 1.0),
]


@pytest.mark.parametrize(("rewards", "n", "scale", "expected", "zero"), ADVANTAGES)
def test_group_advantages(rewards: list[float], n: int, scale: bool, expected: list[float],
                          zero: float) -> None:  # fmt: skip
    adv, zero_spread = group_advantages(torch.tensor(rewards, dtype=torch.float), n, scale)
    assert adv.tolist() == pytest.approx(expected, abs=1e-5)
    assert zero_spread == zero


def test_advantages_need_whole_groups() -> None:
    with pytest.raises(ValueError, match="groups of 3"):
        group_advantages(torch.zeros(4), 3)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([0.0, 1.0]), min_size=2, max_size=8), st.booleans(),
       st.floats(-5, 5))  # fmt: skip
def test_advantages_centre_and_ignore_offsets(
    rewards: list[float], scale: bool, shift: float
) -> None:
    base, _ = group_advantages(torch.tensor(rewards), len(rewards), scale)
    shifted, _ = group_advantages(torch.tensor(rewards) + shift, len(rewards), scale)
    assert abs(float(base.sum())) < 1e-4
    assert torch.allclose(base, shifted, atol=1e-4)
    if scale and len(set(rewards)) > 1:
        assert float(base.std()) == pytest.approx(1.0, abs=1e-4)


def _loss(logp: list[list[float]], old: list[list[float]], adv: list[float],
          mask: list[list[int]], **kw: object) -> tuple[float, list[list[float]], object]:  # fmt: skip
    lp = torch.tensor(logp, dtype=torch.float64, requires_grad=True)
    parts = grpo_loss(lp, torch.tensor(old, dtype=torch.float64), torch.tensor(adv, dtype=torch.float64),
                      torch.tensor(mask), **kw)  # type: ignore[arg-type]  # fmt: skip
    (grad,) = torch.autograd.grad(parts.loss, lp)
    return float(parts.loss.detach()), grad.tolist(), parts


LN = math.log
LOSSES = [
    # name, logp, old, advantages, mask, options, expected loss
    ("on-policy token-mean", [[-1, -2]], [[-1, -2]], [1.0], [[1, 1]], {}, -1.0),
    (
        "token-mean weighs tokens",
        [[0, 0, 0], [0, 0, 0]],
        [[0, 0, 0], [0, 0, 0]],
        [1.0, -2.0],
        [[1, 1, 1], [1, 0, 0]],
        {},
        (-3 + 2) / 4,
    ),
    (
        "seq-mean-token-mean weighs sequences",
        [[0, 0, 0], [0, 0, 0]],
        [[0, 0, 0], [0, 0, 0]],
        [1.0, -2.0],
        [[1, 1, 1], [1, 0, 0]],
        {"agg": "seq-mean-token-mean"},
        (-1 + 2) / 2,
    ),
    ("ratio 1.5, A>0: clipped to 1.2", [[LN(1.5)]], [[0]], [1.0], [[1]], {}, -1.2),
    ("ratio 0.5, A>0: not clipped", [[LN(0.5)]], [[0]], [1.0], [[1]], {}, -0.5),
    ("ratio 0.5, A<0: clipped to 0.8", [[LN(0.5)]], [[0]], [-1.0], [[1]], {}, 0.8),
    ("ratio 1.5, A<0: not clipped", [[LN(1.5)]], [[0]], [-1.0], [[1]], {}, 1.5),
    (
        "clip_high 0.28 lets 1.25 through",
        [[LN(1.25)]],
        [[0]],
        [1.0],
        [[1]],
        {"clip_high": 0.28},
        -1.25,
    ),
    ("clip_low 0.1 clips 0.85", [[LN(0.85)]], [[0]], [-1.0], [[1]], {"clip_low": 0.1}, 0.9),
    ("masked tokens count nothing", [[LN(3.0), 0]], [[0, 0]], [1.0], [[0, 1]], {}, -1.0),
    ("given denominator", [[0, 0]], [[0, 0]], [1.0], [[1, 1]], {"denominator": 8.0}, -2 / 8),
]


@pytest.mark.parametrize(("name", "logp", "old", "adv", "mask", "kw", "expected"), LOSSES,
                         ids=[row[0] for row in LOSSES])  # fmt: skip
def test_loss_values(name: str, logp: list[list[float]], old: list[list[float]], adv: list[float],
                     mask: list[list[int]], kw: dict[str, object], expected: float) -> None:  # fmt: skip
    value, _, _ = _loss(logp, old, adv, mask, **kw)
    assert value == pytest.approx(expected, abs=1e-9)


GRADIENTS = [
    # logp - old, advantage, expected d loss / d logp, clipped?
    (LN(1.5), 1.0, 0.0, True),
    (LN(0.5), 1.0, -0.5, False),
    (LN(0.5), -1.0, 0.0, True),
    (LN(1.5), -1.0, 1.5, False),
    (0.0, 2.0, -2.0, False),
]


@pytest.mark.parametrize(("delta", "adv", "grad", "clipped"), GRADIENTS)
def test_clipped_tokens_carry_no_gradient(
    delta: float, adv: float, grad: float, clipped: bool
) -> None:
    _, g, parts = _loss([[delta]], [[0.0]], [adv], [[1]])
    assert g[0][0] == pytest.approx(grad, abs=1e-9)
    assert parts.clipped_tokens == (1.0 if clipped else 0.0)  # type: ignore[attr-defined]


KL = [
    # logp, ref, k3 value
    (0.0, 0.0, 0.0),
    (-1.0, -1.0 + LN(2), 2 - LN(2) - 1),
    (-1.0, -1.0 - LN(2), 0.5 + LN(2) - 1),
    (0.0, 30.0, 10.0),  # clamped
]


@pytest.mark.parametrize(("logp", "ref", "value"), KL)
def test_k3_kl(logp: float, ref: float, value: float) -> None:
    got = k3_kl(torch.tensor([logp], dtype=torch.float64), torch.tensor([ref], dtype=torch.float64))
    assert float(got) == pytest.approx(value, abs=1e-9)


@pytest.mark.parametrize("gap", [50.0, 88.0, 100.0, 1e4])
def test_k3_gradient_is_finite_far_from_the_reference(gap: float) -> None:
    # ref - logp past ~88 overflowed exp in float32: the gradient was NaN.
    logp = torch.tensor([-gap], requires_grad=True)
    k3_kl(logp, torch.tensor([0.0])).sum().backward()
    assert logp.grad is not None and torch.isfinite(logp.grad).all()


@settings(max_examples=60, deadline=None)
@given(st.floats(-5, 0), st.floats(-5, 0))
def test_k3_is_non_negative_and_zero_only_at_equality(logp: float, ref: float) -> None:
    kl = float(
        k3_kl(torch.tensor(logp, dtype=torch.float64), torch.tensor(ref, dtype=torch.float64))
    )
    assert kl >= 0
    assert (kl < 1e-12) == (abs(logp - ref) < 1e-6) or abs(logp - ref) < 1e-4


def test_kl_term_and_its_gradient() -> None:
    ref = [[-1.0 + LN(2)]]
    value, grad, parts = _loss([[-1.0]], [[-1.0]], [0.0], [[1]], ref_logp=torch.tensor(ref, dtype=torch.float64),
                               kl_coef=0.5)  # fmt: skip
    assert value == pytest.approx(0.5 * (2 - LN(2) - 1))
    # d/dlogp [e^(ref-logp) - (ref-logp) - 1] = 1 - e^(ref-logp) = 1 - 2
    assert grad[0][0] == pytest.approx(0.5 * (1 - 2))
    assert parts.kl_sum == pytest.approx(2 - LN(2) - 1)  # type: ignore[attr-defined]


def test_kl_coefficient_zero_ignores_the_reference() -> None:
    with_ref, _, _ = _loss(
        [[-1.0]], [[-1.0]], [1.0], [[1]], ref_logp=torch.tensor([[5.0]]), kl_coef=0.0
    )
    assert with_ref == pytest.approx(-1.0)


def test_entropy_bonus() -> None:
    entropy = torch.tensor([[2.0, 4.0]], dtype=torch.float64)
    value, _, parts = _loss([[0, 0]], [[0, 0]], [0.0], [[1, 1]], entropy=entropy, entropy_coef=0.1)
    assert value == pytest.approx(-0.1 * 3.0)
    assert parts.entropy_sum == 6.0  # type: ignore[attr-defined]
    no_bonus, _, _ = _loss([[0, 0]], [[0, 0]], [0.0], [[1, 1]], entropy=entropy)
    assert no_bonus == 0.0


@pytest.mark.parametrize("agg", ["token-mean", "seq-mean-token-mean"])
def test_micro_batches_sum_to_the_full_batch(agg: str) -> None:
    torch.manual_seed(0)
    logp = torch.randn(6, 5, dtype=torch.float64, requires_grad=True)
    old = logp.detach() + 0.3 * torch.randn(6, 5, dtype=torch.float64)
    adv = torch.randn(6, dtype=torch.float64)
    mask = (torch.rand(6, 5) > 0.3).long()
    full = grpo_loss(logp, old, adv, mask, agg=agg).loss  # type: ignore[arg-type]
    (g_full,) = torch.autograd.grad(full, logp)
    denominator = normalizer(mask.double(), agg)  # type: ignore[arg-type]
    parts = [grpo_loss(logp[i:i + 2], old[i:i + 2], adv[i:i + 2], mask[i:i + 2], agg=agg,  # type: ignore[arg-type]
                       denominator=denominator).loss for i in (0, 2, 4)]  # fmt: skip
    total = sum(parts)
    (g_micro,) = torch.autograd.grad(total, logp)
    assert float(total.detach()) == pytest.approx(float(full.detach()), abs=1e-12)
    assert torch.allclose(g_full, g_micro, atol=1e-12)


def test_token_logprobs_temperature_and_entropy() -> None:
    logits = torch.tensor([[[1.0, 2.0, 3.0]]], dtype=torch.float64)
    logp, ent = token_logprobs(logits, torch.tensor([[2]]), temperature=0.5, entropy=True)
    scaled = [2.0, 4.0, 6.0]
    z = math.log(sum(math.exp(x) for x in scaled))
    probs = [math.exp(x - z) for x in scaled]
    assert float(logp) == pytest.approx(6.0 - z)
    assert float(ent) == pytest.approx(-sum(p * math.log(p) for p in probs))  # type: ignore[arg-type]


def test_gradient_check_on_a_toy_policy() -> None:
    """Autograd of the whole loss (log-softmax, ratio, clip, KL) matches finite differences."""
    torch.manual_seed(1)
    features = torch.randn(3, 4, 5, dtype=torch.float64)  # (B, T, hidden)
    tokens = torch.randint(0, 6, (3, 4))
    mask = torch.tensor([[1, 1, 1, 0], [1, 1, 0, 0], [1, 1, 1, 1]])
    adv = torch.tensor([1.0, -0.5, 0.25], dtype=torch.float64)
    weight0 = torch.randn(5, 6, dtype=torch.float64)
    with torch.no_grad():
        base = token_logprobs(features @ weight0, tokens)[0]
        old = base + 0.15 * torch.randn_like(base)  # some tokens land outside the clip range
        ref = base + 0.1 * torch.randn_like(base)

    def objective(weight: torch.Tensor) -> torch.Tensor:
        logp, ent = token_logprobs(features @ weight, tokens, temperature=0.7, entropy=True)
        return grpo_loss(logp, old, adv, mask, ref_logp=ref, kl_coef=0.1, entropy=ent,
                         entropy_coef=0.01).loss  # fmt: skip

    weight = weight0.clone().requires_grad_(True)
    assert torch.autograd.gradcheck(objective, (weight,), eps=1e-6, atol=1e-6)


def test_on_policy_gradient_is_the_policy_gradient() -> None:
    """At ratio 1 the loss gradient is -sum(A * grad logp) / tokens (REINFORCE)."""
    torch.manual_seed(2)
    weight = torch.randn(4, 6, dtype=torch.float64, requires_grad=True)
    features = torch.randn(2, 3, 4, dtype=torch.float64)
    tokens = torch.randint(0, 6, (2, 3))
    mask = torch.tensor([[1, 1, 0], [1, 1, 1]])
    adv = torch.tensor([0.7, -1.3], dtype=torch.float64)
    logp, _ = token_logprobs(features @ weight, tokens)
    (g_loss,) = torch.autograd.grad(grpo_loss(logp, logp.detach(), adv, mask).loss, weight)
    logp, _ = token_logprobs(features @ weight, tokens)
    reinforce = -(adv.unsqueeze(1) * logp * mask).sum() / mask.sum()
    (g_ref,) = torch.autograd.grad(reinforce, weight)
    assert torch.allclose(g_loss, g_ref, atol=1e-12)


def _dense_logprobs(logits: torch.Tensor, tokens: torch.Tensor, temperature: float) -> tuple:
    """The textbook computation: a full log-softmax over the vocabulary."""
    logp_all = torch.log_softmax(logits.double() / temperature, dim=-1)
    logp = logp_all.gather(-1, tokens.unsqueeze(-1)).squeeze(-1)
    return logp, -(logp_all.exp() * logp_all).sum(-1)


@pytest.mark.parametrize("chunk", [1, 7, 64, 1 << 20])  # elements per chunk: 1 position .. all
@pytest.mark.parametrize("temperature", [1.0, 0.7])
def test_chunked_logprobs_equal_the_dense_ones_with_gradients(
    monkeypatch: pytest.MonkeyPatch, chunk: int, temperature: float
) -> None:
    monkeypatch.setattr("toolreward.grpo.algorithm.CHUNK_ELEMENTS", chunk)
    torch.manual_seed(3)
    logits = torch.randn(3, 5, 11, dtype=torch.float64, requires_grad=True)
    tokens = torch.randint(0, 11, (3, 5))
    weights = torch.randn(3, 5, dtype=torch.float64)
    logp, ent = token_logprobs(logits, tokens, temperature, entropy=True)
    dense_logp, dense_ent = _dense_logprobs(logits, tokens, temperature)
    assert torch.allclose(logp, dense_logp, atol=1e-12)
    assert torch.allclose(ent, dense_ent, atol=1e-12)  # type: ignore[arg-type]
    (g,) = torch.autograd.grad((logp * weights).sum() + (ent * weights).sum(), logits)  # type: ignore[operator]
    (g_dense,) = torch.autograd.grad(
        (dense_logp * weights).sum() + (dense_ent * weights).sum(), logits
    )
    assert torch.allclose(g, g_dense, atol=1e-12)
    assert torch.autograd.gradcheck(
        lambda x: token_logprobs(x, tokens, temperature, entropy=True), (logits,)
    )


def test_logging_entropy_carries_no_gradient() -> None:
    logits = torch.randn(2, 3, 5, requires_grad=True)
    logp, ent = token_logprobs(logits, torch.zeros(2, 3, dtype=torch.long), entropy=True,
                               entropy_grad=False)  # fmt: skip
    assert logp.requires_grad and ent is not None and not ent.requires_grad


def test_no_full_size_float32_copy_of_half_precision_logits(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What autograd keeps for the backward pass: the bf16 logits and (B, T) vectors only,
    never a (B, T, V) float32 tensor (the textbook log_softmax keeps one)."""
    monkeypatch.setattr("toolreward.grpo.algorithm.CHUNK_ELEMENTS", 64)
    logits = torch.randn(2, 8, 32).to(torch.bfloat16).requires_grad_(True)
    tokens = torch.randint(0, 32, (2, 8))
    saved: list[tuple[torch.dtype, int]] = []

    def keep(t: torch.Tensor) -> torch.Tensor:
        saved.append((t.dtype, t.numel()))
        return t

    def float32_saved(fn) -> int:  # type: ignore[no-untyped-def]
        saved.clear()
        with torch.autograd.graph.saved_tensors_hooks(keep, lambda t: t):
            out = fn()
        out.sum().backward()
        return max((n for dtype, n in saved if dtype == torch.float32), default=0)

    full = logits.numel()
    assert float32_saved(lambda: token_logprobs(logits, tokens, entropy=True)[0]) < full
    textbook = lambda: torch.log_softmax(logits.float(), -1).gather(-1, tokens.unsqueeze(-1))  # noqa: E731
    assert float32_saved(textbook) == full  # the hook sees what the dense path keeps
    assert logits.grad is not None and logits.grad.dtype == torch.bfloat16
