"""The GRPO loop, top to bottom: sample, score, normalise, update, log, save.

One *step* takes ``rollout.prompts_per_step`` prompts, samples
``rollout.num_generations`` completions for each, scores them with
:func:`toolreward.score`, and updates the policy on that batch:
``loss.num_iterations`` passes, each one optimizer step per mini-batch of
``loss.mini_batch_prompts`` prompts (micro-batched, gradients accumulated;
verl's ``ppo_mini_batch_size``).  Low-precision weights train through fp32
master copies (``optim.master_weights``, :mod:`toolreward.grpo.master`).

>>> # train(load_config("run.yaml"))   # or: toolreward train --config run.yaml
"""

from __future__ import annotations

import collections
import random
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import torch

from ..errors import ConfigError
from ..records import reason_shares
from ..verdict import score
from .algorithm import group_advantages, grpo_loss, normalizer
from .chat import render_prompt
from .checkpoint import latest_checkpoint, load_checkpoint, save_checkpoint
from .config import GRPOConfig
from .data import Example, load_examples
from .master import MasterWeights, wants_master_weights
from .memory import PhaseMemory
from .policy import Policy, completion_logprobs, load_policy
from .rollout import Rollout, sample
from .runlog import MetricsLog, Progress, read_metrics


@dataclass
class RunResult:
    """What a finished run leaves: its folder, its metric rows, the trained policy and,
    when low-precision weights trained through them, the fp32 master weights."""

    run_dir: Path
    metrics: list[dict[str, Any]]
    policy: Policy
    master: MasterWeights | None = None


def train(config: GRPOConfig, *, model: Any = None, tokenizer: Any = None) -> RunResult:
    """Run (or resume) the GRPO loop that ``config`` describes.

    ``model`` and ``tokenizer`` replace ``config.model``'s source when given
    (the model is then trained in place).  Resumes from the newest checkpoint
    in ``run.output_dir`` when ``run.resume`` is true.
    """
    if config.run.threads:
        torch.set_num_threads(config.run.threads)
    random.seed(config.run.seed)
    torch.manual_seed(config.run.seed)
    run_dir = Path(config.run.output_dir)
    run_dir.mkdir(parents=True, exist_ok=True)

    # Records first: a bad record fails in a second, not after a model load.
    train_set = load_examples(
        config.data.train, config.data.system_prompt, config.data.system_preamble
    )
    eval_set = []
    if config.data.eval:
        eval_set = load_examples(
            config.data.eval, config.data.system_prompt, config.data.system_preamble
        )
        eval_set = eval_set[: config.eval.max_records]
    policy = load_policy(config, model, tokenizer)
    train_ids = encode_prompts(policy, train_set, config.data.max_prompt_tokens)
    eval_ids = encode_prompts(policy, eval_set, config.data.max_prompt_tokens)

    optim = config.optim
    trainable = policy.trainable()
    master = (
        MasterWeights(trainable) if wants_master_weights(optim.master_weights, trainable) else None
    )
    optimizer = torch.optim.AdamW(
        master.params if master is not None else trainable,
        lr=optim.lr,
        betas=optim.betas,
        weight_decay=optim.weight_decay,
    )
    warmup = optim.warmup_steps
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda i: min(1.0, (i + 1) / warmup) if warmup else 1.0
    )

    start = 0
    found = latest_checkpoint(run_dir) if config.run.resume else None
    if found is not None:
        start = load_checkpoint(found, policy.model, optimizer, scheduler, master)
    else:
        (run_dir / "config.json").write_text(config.model_dump_json(indent=2), encoding="utf-8")
    log = MetricsLog(run_dir / "metrics.jsonl", keep_until=start if found else None)
    if start == 0 and eval_set:
        log.write({"step": 0, **evaluate(config, policy, eval_set, eval_ids)})

    progress = Progress(config.run.steps, start, config.run.progress)
    for step in range(start + 1, config.run.steps + 1):
        indices = batch_indices(step, config, len(train_set))
        row = {
            "step": step,
            **train_step(
                config,
                policy,
                optimizer,
                scheduler,
                [train_set[i] for i in indices],
                [train_ids[i] for i in indices],
                master,
            ),
        }
        last = step == config.run.steps
        if eval_set and (last or (config.eval.every and step % config.eval.every == 0)):
            row.update(evaluate(config, policy, eval_set, eval_ids))
        log.write(row)
        progress.update(step, row)
        if last or (config.run.save_every and step % config.run.save_every == 0):
            save_checkpoint(run_dir, step, policy.model, optimizer, scheduler, master)

    final = run_dir / "final"
    policy.model.save_pretrained(final)
    policy.tokenizer.save_pretrained(final)
    return RunResult(run_dir, read_metrics(log.path), policy, master)


def encode_prompts(policy: Policy, examples: list[Example], limit: int) -> list[list[int]]:
    """Token ids of each example's rendered prompt; too long a prompt is an error naming it."""
    encoded = []
    for example in examples:
        text = render_prompt(policy.tokenizer, example.messages)
        ids = policy.tokenizer(text, add_special_tokens=False)["input_ids"]
        if len(ids) > limit:
            raise ConfigError(
                f"{example.where}: prompt has {len(ids)} tokens, "
                f"over data.max_prompt_tokens={limit}"
            )
        encoded.append(list(ids))
    return encoded


def batch_indices(step: int, config: GRPOConfig, size: int) -> list[int]:
    """The records of ``step``: a pure function of seed and step, so resuming needs no state.

    Records are visited epoch by epoch, each epoch in its own seeded order.
    """
    per_step = config.rollout.prompts_per_step
    out = []
    for k in range((step - 1) * per_step, step * per_step):
        epoch, offset = divmod(k, size)
        if config.data.shuffle:
            order = torch.randperm(
                size, generator=torch.Generator().manual_seed(config.run.seed * 1_000_003 + epoch)
            )
            out.append(int(order[offset]))
        else:
            out.append(offset)
    return out


def rollout_for(
    config: GRPOConfig, policy: Policy, prompts: list[list[int]], temperature: float
) -> Rollout:
    """Sample one completion per row of ``prompts`` with the configured limits."""
    policy.model.eval()
    spec = config.rollout
    with policy.amp():
        return sample(
            policy.model,
            policy.tokenizer,
            prompts,
            eos_ids=policy.eos_ids,
            pad_id=policy.pad_id,
            max_new_tokens=spec.max_new_tokens,
            temperature=temperature,
            top_p=spec.top_p,
            top_k=spec.top_k,
            stop_strings=spec.stop_strings,
            batch_size=spec.batch_size,
        )


def rewards_for(
    config: GRPOConfig, texts: list[str], examples: list[Example]
) -> tuple[list[float], list[str]]:
    """``toolreward.score`` on each completion against its example's ground truth."""
    options = config.reward.options
    verdicts = [
        score(text, ex.ground_truth, tools=ex.tools, preset=config.reward.preset, **options)
        for text, ex in zip(texts, examples)
    ]
    return [v.reward for v in verdicts], [v.reason for v in verdicts]


def train_step(
    config: GRPOConfig,
    policy: Policy,
    optimizer: torch.optim.Optimizer,
    scheduler: Any,
    examples: list[Example],
    prompt_ids: list[list[int]],
    master: MasterWeights | None = None,
) -> dict[str, Any]:
    """One GRPO step on these prompts; returns its metrics."""
    n = config.rollout.num_generations
    memory = PhaseMemory(policy.device)
    began = time.perf_counter()

    # sample: n completions of every prompt
    rows = [ids for ids in prompt_ids for _ in range(n)]
    with memory.phase("rollout"):
        rollout = rollout_for(config, policy, rows, config.rollout.temperature)
    sampled = time.perf_counter()

    # score: one binary reward per completion
    rewards, reasons = rewards_for(config, rollout.texts, [ex for ex in examples for _ in range(n)])
    reward_tensor = torch.tensor(rewards)

    # advantages: each reward against its own group's
    loss_cfg = config.loss
    advantages, zero_spread = group_advantages(
        reward_tensor, n, scale=loss_cfg.scale_rewards, eps=loss_cfg.eps
    )
    scored = time.perf_counter()

    # update: loss.num_iterations optimizer steps on this batch
    update = update_policy(
        config, policy, optimizer, scheduler, rollout, advantages, master, memory
    )
    finished = time.perf_counter()

    # log
    timings = StepTimes(sampled - began, scored - sampled, finished - scored, finished - began)
    row = step_metrics(config, rollout, reward_tensor, reasons, zero_spread, update, timings)
    return {**row, **memory.metrics()}


@dataclass
class Update:
    """What the update phase of a step leaves for its metrics."""

    sums: dict[str, float]
    grad_norms: list[float]
    lr: float
    active: list[int]
    updates: int
    reference_s: float = 0.0
    old_logprobs_s: float = 0.0


class StepTimes(NamedTuple):
    """Seconds spent in each phase of a step."""

    rollout: float
    reward: float
    update: float
    step: float


def update_policy(
    config: GRPOConfig,
    policy: Policy,
    optimizer: torch.optim.Optimizer,
    scheduler: Any,
    rollout: Rollout,
    advantages: torch.Tensor,
    master: MasterWeights | None = None,
    memory: PhaseMemory | None = None,
) -> Update:
    """Clipped-loss updates on one rollout: ``loss.num_iterations`` passes over it, each
    one optimizer step per mini-batch of ``loss.mini_batch_prompts`` prompts (all of
    them by default), gradients accumulated over micro-batches of ``optim.micro_batch_size``."""
    loss_cfg = config.loss
    device = policy.device
    memory = memory or PhaseMemory(torch.device("cpu"))
    mask = rollout.completion_mask
    n = config.rollout.num_generations
    groups = len(mask) // n
    per_update = loss_cfg.mini_batch_prompts or groups
    minis = [
        list(range(g * n, min(g + per_update, groups) * n)) for g in range(0, groups, per_update)
    ]
    # With no KL or entropy term, a zero-advantage row adds exactly nothing to
    # the gradient, so it is skipped (its tokens still count in the denominator).
    needs_all = loss_cfg.kl_coef > 0 or loss_cfg.entropy_coef != 0
    size = config.optim.micro_batch_size
    # One plan per mini-batch: its loss denominator and its micro-batches of active rows.
    plans = []
    for rows in minis:
        active_rows = [i for i in rows if needs_all or advantages[i] != 0]
        micro = [active_rows[k : k + size] for k in range(0, len(active_rows), size)]
        plans.append((normalizer(mask[rows], loss_cfg.agg), micro))
    active = [i for _, micro in plans for idx in micro for i in idx]
    updates = loss_cfg.num_iterations * len(plans)

    def batch(idx: list[int]) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
        return (
            rollout.prompt_ids[idx].to(device),
            rollout.prompt_mask[idx].to(device),
            rollout.completion_ids[idx].to(device),
            mask[idx].to(device),
        )

    # fixed log-probs, once, before any update: the reference (for KL) and the
    # sampling policy (for the ratio, when there is more than one update)
    temperature = config.rollout.temperature
    ref_logps: dict[tuple[int, ...], torch.Tensor] = {}
    old_logps: dict[tuple[int, ...], torch.Tensor] = {}
    clock = {"reference": 0.0, "old": 0.0}
    with torch.no_grad(), policy.amp(), memory.phase("reference"):
        policy.model.eval()
        for _, micro in plans:
            for idx in micro:
                if loss_cfg.kl_coef > 0:
                    began = time.perf_counter()
                    with policy.as_reference() as reference:
                        ref_logps[tuple(idx)] = completion_logprobs(
                            reference, *batch(idx), temperature
                        )[0]
                    clock["reference"] += time.perf_counter() - began
                if updates > 1:
                    began = time.perf_counter()
                    old_logps[tuple(idx)] = completion_logprobs(
                        policy.model, *batch(idx), temperature
                    )[0]
                    clock["old"] += time.perf_counter() - began

    # the gradient steps: one optimizer step per mini-batch
    sums: dict[str, float] = collections.defaultdict(float)
    grad_norms = []
    params = master.params if master is not None else policy.trainable()
    lr = scheduler.get_last_lr()[0]
    policy.model.train()
    for _ in range(loss_cfg.num_iterations):
        for denominator, micro in plans:
            with memory.phase("update"):
                for idx in micro:
                    with policy.amp():
                        logp, entropy = completion_logprobs(
                            policy.model,
                            *batch(idx),
                            temperature,
                            entropy=loss_cfg.entropy_coef != 0 or loss_cfg.log_entropy,
                            entropy_grad=loss_cfg.entropy_coef != 0,
                        )
                    key = tuple(idx)
                    parts = grpo_loss(
                        logp,
                        old_logps.get(key, logp.detach()),
                        advantages[idx].to(device),
                        mask[idx].to(device),
                        clip_low=loss_cfg.clip_low,
                        clip_high=loss_cfg.clip_high,
                        ref_logp=ref_logps.get(key),
                        kl_coef=loss_cfg.kl_coef,
                        entropy=entropy,
                        entropy_coef=loss_cfg.entropy_coef,
                        agg=loss_cfg.agg,
                        denominator=denominator,
                    )
                    parts.loss.backward()
                    sums["loss"] += float(parts.loss.detach())
                    for k in ("pg_sum", "kl_sum", "entropy_sum", "clipped_tokens", "tokens"):
                        sums[k] += getattr(parts, k)
            with memory.phase("optimizer"):
                if master is not None:
                    master.pull_grads()
                norm = torch.nn.utils.clip_grad_norm_(params, config.optim.max_grad_norm)
                grad_norms.append(float(norm))
                optimizer.step()
                if master is not None:
                    master.push_params()
                    master.zero_grad()
                optimizer.zero_grad(set_to_none=True)
    scheduler.step()
    policy.model.eval()
    return Update(sums, grad_norms, lr, active, updates, clock["reference"], clock["old"])


def step_metrics(
    config: GRPOConfig,
    rollout: Rollout,
    rewards: torch.Tensor,
    reasons: list[str],
    zero_spread: float,
    update: Update,
    times: StepTimes,
) -> dict[str, Any]:
    """One row of ``metrics.jsonl``: rewards, lengths, loss parts, speed."""
    iterations = config.loss.num_iterations
    updates = max(update.updates, 1)
    mask = rollout.completion_mask
    lengths = mask.sum(-1).float()
    generated = float(lengths.sum())
    active = update.active
    trained_tokens = float(rollout.prompt_mask[active].sum() + mask[active].sum()) * iterations
    sums = update.sums
    tokens = sums["tokens"]

    def per_token(key: str) -> float | None:
        # None when no row was updated (every group had zero spread and there
        # is no KL or entropy term): there is no loss to report.
        return sums[key] / tokens if tokens else None

    return {
        "reward/mean": float(rewards.mean()),
        "reward/std": float(rewards.std()) if len(rewards) > 1 else 0.0,
        "reasons": reason_shares(reasons),
        "zero_spread_frac": zero_spread,
        "response/length_mean": float(lengths.mean()),
        "response/length_max": float(lengths.max()),
        "response/truncated_frac": sum(rollout.truncated) / len(rollout.truncated),
        "loss": sums["loss"] / updates,
        "updates": update.updates,
        "pg_loss": per_token("pg_sum"),
        "kl": per_token("kl_sum"),
        "entropy": per_token("entropy_sum")
        if config.loss.log_entropy or config.loss.entropy_coef
        else None,
        "clip_frac": per_token("clipped_tokens"),
        "grad_norm": sum(update.grad_norms) / len(update.grad_norms) if update.grad_norms else 0.0,
        "lr": update.lr,
        "time/rollout_s": times.rollout,
        "time/reward_s": times.reward,
        "time/update_s": times.update,
        "time/reference_s": update.reference_s,
        "time/old_logprobs_s": update.old_logprobs_s,
        "time/step_s": times.step,
        "tokens_per_s/rollout": generated / max(times.rollout, 1e-9),
        "tokens_per_s/update": trained_tokens / max(times.update, 1e-9),
    }


def evaluate(
    config: GRPOConfig, policy: Policy, examples: list[Example], prompt_ids: list[list[int]]
) -> dict[str, Any]:
    """Mean held-out reward; the training RNG stream is left untouched."""
    n = config.eval.num_generations
    rows = [ids for ids in prompt_ids for _ in range(n)]
    grouped = [ex for ex in examples for _ in range(n)]
    devices = [torch.cuda.current_device()] if policy.device.type == "cuda" else []
    rewards: list[float] = []
    reasons: list[str] = []
    with torch.random.fork_rng(devices=devices):
        size = (
            config.rollout.batch_size
            or config.rollout.prompts_per_step * config.rollout.num_generations
        )
        for start in range(0, len(rows), size):
            rollout = rollout_for(
                config, policy, rows[start : start + size], config.eval.temperature
            )
            got, why = rewards_for(config, rollout.texts, grouped[start : start + size])
            rewards += got
            reasons += why
    return {
        "eval/reward": sum(rewards) / len(rewards),
        "eval/n": len(rewards),
        "eval/reasons": reason_shares(reasons),
    }
