"""Scale check on one CUDA GPU: the GRPO loop on Qwen2.5-7B / 14B architectures with random weights.

No weights are downloaded: each model is built from its published
architecture (the numbers below are those of the Qwen2.5 config.json files)
with random bf16 weights, and trained for a few steps on synthetic
Tool-N1-format prompts with a locally built tokenizer.  What this measures
is memory and speed, so that a user with the real weights knows what fits
on one GPU.

Random weights never write a correct call, so the real reward is 0 for
every row, every advantage is 0 and no weight would move.  By default the
reward is therefore replaced by a synthetic one with spread in every group
(1 when the completion's text has an even length), so that the update does
its real work; ``--reward real`` keeps toolreward's reward.

For each (architecture, mode) it appends one JSON line to ``--out``
(default ``runs/scale/results.jsonl``) with the exact config and:

* ``status``: ``ok``, or ``oom`` with the error (an out-of-memory error is
  a result, not a crash);
* peak allocated and reserved memory per phase (rollout, reference pass,
  update, optimizer step), the highest over the measured steps;
* rollout tokens/s, and prefill and decode tokens/s from a separate probe;
* update tokens/s, reference-pass and old-log-prob seconds per step;
* the gap between the sampler's log-probs (``generate``'s own logits, KV
  cache) and the trainer's (one forward pass) on the same tokens;
* full mode: the share of weights that the run changed, in the model's
  dtype and in the fp32 master copy.

Run (GPU):  python examples/grpo_scale_gpu.py --arch qwen2.5-7b --mode lora
Smoke test (CPU, a tiny model of the same family):
    python examples/grpo_scale_gpu.py --arch tiny --mode full --device cpu
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

import torch

sys.path.insert(0, str(Path(__file__).parent))
from grpo_tiny_cpu import build_tokenizer, make_record, messages

import toolreward.grpo.trainer as loop
from toolreward.grpo import config_from_dict, train
from toolreward.grpo.chat import render_chatml, render_prompt
from toolreward.grpo.policy import Policy, completion_logprobs
from toolreward.grpo.runlog import read_metrics

ARCHS: dict[str, dict[str, Any]] = {
    "qwen2.5-7b": {"hidden_size": 3584, "intermediate_size": 18944, "num_hidden_layers": 28,
                   "num_attention_heads": 28, "num_key_value_heads": 4, "vocab_size": 152064,
                   "max_position_embeddings": 32768, "rope_theta": 1000000.0,
                   "rms_norm_eps": 1e-6, "tie_word_embeddings": False},
    "qwen2.5-14b": {"hidden_size": 5120, "intermediate_size": 13824, "num_hidden_layers": 48,
                    "num_attention_heads": 40, "num_key_value_heads": 8, "vocab_size": 152064,
                    "max_position_embeddings": 32768, "rope_theta": 1000000.0,
                    "rms_norm_eps": 1e-5, "tie_word_embeddings": False},
    "tiny": {"hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 2,
             "num_attention_heads": 4, "num_key_value_heads": 2, "vocab_size": 512,
             "max_position_embeddings": 2048, "tie_word_embeddings": False},
}  # fmt: skip

PHASES = ("rollout", "reference", "update", "optimizer")


def synthetic_rewards(config: Any, texts: list[str], examples: list[Any]) -> tuple[list, list]:
    """1 for an even-length completion text, else 0: spread without a trained model."""
    rewards = [float(len(t) % 2 == 0) for t in texts]
    return rewards, ["synthetic" if r else "synthetic_zero" for r in rewards]


def build_config(args: argparse.Namespace, work: Path, tokenizer: Any) -> dict[str, Any]:
    """The run's config dict (also written into the result line)."""
    arch = dict(ARCHS[args.arch], model_type="qwen2", pad_token_id=0,
                eos_token_id=tokenizer.eos_token_id, bos_token_id=0)  # fmt: skip
    return {
        "model": {"config": arch, "tokenizer": str(work / "tokenizer"), "dtype": "bfloat16",
                  "gradient_checkpointing": True,
                  "lora": {"r": 64, "alpha": 128} if args.mode == "lora" else None},
        "data": {"train": str(work / "train.jsonl")},
        "rollout": {"prompts_per_step": args.prompts_per_step,
                    "num_generations": args.generations, "max_new_tokens": args.max_new_tokens,
                    "batch_size": args.rollout_batch},
        "loss": {"kl_coef": 1e-3, "mini_batch_prompts": args.mini_batch_prompts},
        "optim": {"lr": 1e-5 if args.mode == "lora" else 1e-6,
                  "micro_batch_size": args.micro_batch},
        "run": {"output_dir": str(work / "run"), "steps": args.steps, "save_every": 0,
                "resume": False, "device": args.device, "bf16": "on"},
    }  # fmt: skip


def step_figures(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Means of the speed figures and maxima of the memory figures over ``rows``."""
    if not rows:
        return {}
    mean = lambda key: sum(r[key] for r in rows) / len(rows)  # noqa: E731
    out: dict[str, Any] = {
        "steps_measured": len(rows),
        "rollout_tokens_per_s": mean("tokens_per_s/rollout"),
        "update_tokens_per_s": mean("tokens_per_s/update"),
        "reference_s": mean("time/reference_s"),
        "old_logprobs_s": mean("time/old_logprobs_s"),
        "step_s": mean("time/step_s"),
    }
    for phase in PHASES:
        for kind in ("allocated", "reserved"):
            key = f"memory/{phase}_{kind}_gib"
            values = [r[key] for r in rows if key in r]
            out[f"peak_{phase}_{kind}_gib"] = max(values) if values else None
    return out


@torch.no_grad()
def generation_probe(policy: Policy, prompts: list[list[int]], new_tokens: int) -> dict[str, Any]:
    """Prefill and decode tokens/s, and the sampler-vs-trainer log-prob gap, on ``prompts``."""
    model, device = policy.model, policy.device
    model.eval()
    width = max(len(p) for p in prompts)
    ids = torch.tensor([[policy.pad_id] * (width - len(p)) + p for p in prompts], device=device)
    mask = torch.tensor([[0] * (width - len(p)) + [1] * len(p) for p in prompts], device=device)
    kwargs = {"input_ids": ids, "attention_mask": mask, "pad_token_id": policy.pad_id,
              "do_sample": True, "temperature": 1.0, "top_p": 1.0, "top_k": 0}  # fmt: skip

    def timed(**more: Any) -> tuple[Any, float]:
        sync = torch.cuda.synchronize if device.type == "cuda" else (lambda: None)
        sync()
        began = time.perf_counter()
        with policy.amp():
            out = model.generate(**kwargs, **more)
        sync()
        return out, time.perf_counter() - began

    _, prefill_s = timed(max_new_tokens=1, min_new_tokens=1)
    out, total_s = timed(max_new_tokens=new_tokens, min_new_tokens=new_tokens,
                         output_logits=True, return_dict_in_generate=True)  # fmt: skip
    completion = out.sequences[:, width:]
    sampler = torch.stack(out.logits, dim=1).float().log_softmax(-1)
    sampler = sampler.gather(-1, completion.unsqueeze(-1)).squeeze(-1)
    with policy.amp():
        trainer, _ = completion_logprobs(
            model, ids, mask, completion, torch.ones_like(completion), 1.0
        )
    gap = (sampler - trainer.float()).abs()
    decoded = completion.numel() - len(prompts)
    return {
        "prefill_tokens_per_s": float(mask.sum()) / prefill_s,
        "decode_tokens_per_s": decoded / max(total_s - prefill_s, 1e-9),
        "logprob_gap_mean": float(gap.mean()),
        "logprob_gap_max": float(gap.max()),
        "probe_rows": len(prompts),
        "probe_new_tokens": new_tokens,
    }


def random_model(raw: dict[str, Any]) -> Any:
    """The architecture of ``raw["model"]["config"]`` with random bf16 weights."""
    import transformers

    arch = dict(raw["model"]["config"])
    hf_config = transformers.AutoConfig.for_model(arch.pop("model_type"), **arch)
    torch.manual_seed(0)
    return transformers.AutoModelForCausalLM.from_config(hf_config, dtype=torch.bfloat16)


def changed_share(before: list[torch.Tensor], after: list[torch.Tensor]) -> float:
    """Share of the weights that differ from ``before`` (compared in ``after``'s dtype)."""
    changed = sum(int((a.detach().cpu() != b.to(a.dtype)).sum()) for a, b in zip(after, before))
    return changed / max(sum(b.numel() for b in before), 1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--arch", choices=sorted(ARCHS), required=True)
    ap.add_argument("--mode", choices=["lora", "full"], required=True)
    ap.add_argument("--steps", type=int, default=3)
    ap.add_argument("--prompts-per-step", type=int, default=8)
    ap.add_argument("--generations", type=int, default=5)
    ap.add_argument("--max-new-tokens", type=int, default=256)
    ap.add_argument("--rollout-batch", type=int, default=None, help="rows per generate call")
    ap.add_argument("--mini-batch-prompts", type=int, default=None, help="prompts per update")
    ap.add_argument("--micro-batch", type=int, default=4)
    ap.add_argument("--probe-rows", type=int, default=4)
    ap.add_argument("--reward", choices=["synthetic", "real"], default="synthetic")
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--out", default="runs/scale/results.jsonl")
    args = ap.parse_args()
    out = Path(args.out)
    work = out.parent / f"{args.arch}-{args.mode}"
    work.mkdir(parents=True, exist_ok=True)

    # data and tokenizer, built locally
    rng = random.Random(0)
    records = [make_record(rng) for _ in range(64)]
    with (work / "train.jsonl").open("w") as handle:
        handle.writelines(json.dumps(r) + "\n" for r in records)
    tokenizer = build_tokenizer([render_chatml(messages(r)) for r in records])
    tokenizer.save_pretrained(work / "tokenizer")
    raw = build_config(args, work, tokenizer)
    cuda = args.device == "cuda"
    figures: dict[str, Any] = {
        "arch": args.arch, "mode": args.mode,
        "device": torch.cuda.get_device_name() if cuda else "cpu",
        "torch": torch.__version__, "transformers": __import__("transformers").__version__,
        "reward": args.reward,
    }  # fmt: skip
    if args.reward == "synthetic":
        loop.rewards_for = synthetic_rewards

    # train, then probe generation on the trained policy
    began = time.perf_counter()
    try:
        # full mode: the model is built here so that its starting weights can be kept
        # (on the CPU) and the share that the run changed counted afterwards
        model = random_model(raw) if args.mode == "full" else None
        before = [p.detach().cpu().clone() for p in model.parameters()] if model else None
        result = train(config_from_dict(raw), model=model)
        policy = result.policy
        if before is not None:
            # bf16 weights move only once the fp32 master copy has drifted by half a
            # bf16 step; the master share is what shows a small lr being applied
            figures["weights_changed_after_steps"] = len(result.metrics)
            figures["weights_changed_share"] = changed_share(before, policy.trainable())
            if result.master is not None:
                figures["master_changed_share"] = changed_share(before, result.master.params)
        figures["parameters_b"] = sum(p.numel() for p in policy.model.parameters()) / 1e9
        # the first step includes CUDA warm-up and is left out when there are others
        figures.update(step_figures(result.metrics[1:] or result.metrics))
        texts = [render_prompt(policy.tokenizer, messages(r)) for r in records]
        prompts = [policy.tokenizer.encode(t, add_special_tokens=False) for t in texts]
        figures.update(generation_probe(policy, prompts[: args.probe_rows], 64))
        figures["status"] = "ok"
    except torch.OutOfMemoryError as error:
        figures["status"] = "oom"
        figures["error"] = str(error).splitlines()[0]
        done = work / "run" / "metrics.jsonl"
        figures.update(step_figures(read_metrics(done) if done.exists() else []))
    if cuda:
        figures["peak_allocated_gib"] = torch.cuda.max_memory_allocated() / 2**30
    figures["wall_s"] = time.perf_counter() - began
    figures["config"] = raw
    with out.open("a") as handle:
        handle.write(json.dumps(figures) + "\n")
    print(json.dumps({k: v for k, v in figures.items() if k != "config"}, indent=2))


if __name__ == "__main__":
    main()
