"""Scale check on one CUDA GPU: the GRPO loop on Qwen2.5-7B / 14B architectures with random weights.

No weights are downloaded: each model is built from its published
architecture (the numbers below are those of the Qwen2.5 config.json files)
with random bf16 weights, and trained for a few steps on synthetic
Tool-N1-format prompts with a locally built tokenizer.  The reward is real
but near zero for random weights; what this measures is memory and speed,
so that a user with the real weights knows what fits on one GPU.

For each (architecture, mode) it records peak GPU memory and the loop's own
tokens/s for rollout and for update, and appends one JSON line to
``--out`` (default ``runs/scale/results.jsonl``) together with the exact config.

Run (GPU):  python examples/grpo_scale_gpu.py --arch qwen2.5-7b --mode lora
Smoke test (CPU, a tiny model of the same family):  python examples/grpo_scale_gpu.py --arch tiny --mode full --device cpu
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

from toolreward.grpo import config_from_dict, train
from toolreward.grpo.chat import render_chatml

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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--arch", choices=sorted(ARCHS), required=True)
    ap.add_argument("--mode", choices=["lora", "full"], required=True)
    ap.add_argument("--steps", type=int, default=3)
    ap.add_argument("--prompts-per-step", type=int, default=8)
    ap.add_argument("--generations", type=int, default=5)
    ap.add_argument("--max-new-tokens", type=int, default=256)
    ap.add_argument("--micro-batch", type=int, default=4)
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--out", default="runs/scale/results.jsonl")
    args = ap.parse_args()
    out = Path(args.out)
    work = out.parent / f"{args.arch}-{args.mode}"
    work.mkdir(parents=True, exist_ok=True)

    rng = random.Random(0)
    rows = [make_record(rng) for _ in range(64)]
    with (work / "train.jsonl").open("w") as handle:
        handle.writelines(json.dumps(r) + "\n" for r in rows)
    tokenizer = build_tokenizer([render_chatml(messages(r)) for r in rows])
    tokenizer.save_pretrained(work / "tokenizer")

    arch = dict(ARCHS[args.arch], model_type="qwen2", pad_token_id=0,
                eos_token_id=tokenizer.eos_token_id, bos_token_id=0)  # fmt: skip
    raw = {
        "model": {"config": arch, "tokenizer": str(work / "tokenizer"), "dtype": "bfloat16",
                  "gradient_checkpointing": True,
                  "lora": {"r": 64, "alpha": 128} if args.mode == "lora" else None},
        "data": {"train": str(work / "train.jsonl")},
        "rollout": {"prompts_per_step": args.prompts_per_step,
                    "num_generations": args.generations, "max_new_tokens": args.max_new_tokens},
        "loss": {"kl_coef": 1e-3},
        "optim": {"lr": 1e-6, "micro_batch_size": args.micro_batch},
        "run": {"output_dir": str(work / "run"), "steps": args.steps, "save_every": 0,
                "resume": False, "device": args.device, "bf16": "on"},
    }  # fmt: skip
    if args.device == "cuda":
        torch.cuda.reset_peak_memory_stats()
    began = time.perf_counter()
    result = train(config_from_dict(raw))
    rows_out = result.metrics[1:] or result.metrics  # the first step includes CUDA warm-up
    mean = lambda key: sum(r[key] for r in rows_out) / len(rows_out)  # noqa: E731
    figures = {
        "arch": args.arch, "mode": args.mode, "device": torch.cuda.get_device_name()
        if args.device == "cuda" else "cpu",
        "parameters_b": sum(p.numel() for p in result.policy.model.parameters()) / 1e9,
        "peak_memory_gib": torch.cuda.max_memory_allocated() / 2**30
        if args.device == "cuda" else None,
        "rollout_tokens_per_s": mean("tokens_per_s/rollout"),
        "update_tokens_per_s": mean("tokens_per_s/update"),
        "step_s": mean("time/step_s"), "wall_s": time.perf_counter() - began, "config": raw,
    }  # fmt: skip
    with out.open("a") as handle:
        handle.write(json.dumps(figures) + "\n")
    print(json.dumps({k: v for k, v in figures.items() if k != "config"}, indent=2))


if __name__ == "__main__":
    main()
