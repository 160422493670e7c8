"""Score BFCL's own ground truths as if they were model output, with ``--preset bfcl``.

Builds ``bfcl_oracle_preds.jsonl`` (in a temporary folder) from the data that
ships with ``bfcl-eval`` (Python AST categories and irrelevance): each
record holds the entry ``id``, the function docs, the possible answer and a
model output written from the first allowed value of every argument.  Then it
runs ``toolreward score --preset bfcl`` on it, which prints BFCL's table.

Run (needs ``pip install --no-deps bfcl-eval==2026.3.23``):
``python examples/bfcl_oracle_run.py``
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from bfcl_harness import (
    IRRELEVANCE_CATEGORIES,
    PYTHON_CATEGORIES,
    base_calls,
    entries,
    load_bfcl,
    render_python,
)


def main() -> None:
    bfcl = load_bfcl()
    out = Path(tempfile.mkdtemp()) / "bfcl_oracle_preds.jsonl"
    n = 0
    with out.open("w") as fh:
        for category in (*PYTHON_CATEGORIES, *IRRELEVANCE_CATEGORIES):
            for question, answer in entries(bfcl, category):
                text = render_python(base_calls(answer)) if answer else "[]"
                record = {"id": question["id"], "result": text, "function": question["function"],
                          "possible_answer": answer or []}  # fmt: skip
                fh.write(json.dumps(record) + "\n")
                n += 1
    print(f"{n} records in {out}")
    cmd = [sys.executable, "-m", "toolreward.cli", "score", str(out), "--preset", "bfcl"]
    sys.exit(subprocess.call(cmd))


if __name__ == "__main__":
    main()
