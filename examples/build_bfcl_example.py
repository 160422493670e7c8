"""Write ``examples/bfcl_result/``: a small ``bfcl generate`` result directory.

Two models, in BFCL v4's layout (``<model>/<group>/BFCL_v4_<category>_result.json``),
built from bfcl-eval's bundled data by ``tests/bfcl_rundir.py`` (the builder of
the test that compares ``toolreward bfcl`` with ``bfcl evaluate``): a prompting
model with correct answers, perturbed ones and decode failures (and a
multi-turn file, which is listed as not scored), and an FC model whose API
writes dotted names with underscores.

    python examples/build_bfcl_example.py
    toolreward bfcl examples/bfcl_result --model fc-model --underscore-to-dot

Needs ``bfcl-eval`` (``pip install --no-deps bfcl-eval==2026.3.23``).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from bfcl_rundir import build_run_dir  # noqa: E402

if __name__ == "__main__":
    out = HERE / "bfcl_result"
    shutil.rmtree(out, ignore_errors=True)
    build_run_dir(out, per_category=8, seed=1)
    print(f"wrote {out}")
