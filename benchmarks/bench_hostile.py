"""Hostile completions at 0.5, 1, 2 and 4 MB: time per verdict and growth.

Run: ``python benchmarks/bench_hostile.py [--out docs/runs/hostile.json]``

Scores every shape of ``tests/hostile_shapes.py`` at each size (best of
three) and prints, per shape, the milliseconds at each size and the ratio
time(4 MB) / time(0.5 MB): 8 is linear, 64 would be quadratic.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from hostile_shapes import SHAPES, truth_for

from toolreward import score

SIZES = (500_000, 1_000_000, 2_000_000, 4_000_000)


def best_ms(text: str, truth: object, options: dict, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        score(text, truth, **options)
        best = min(best, time.perf_counter() - t0)
    return best * 1e3


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, default=None, help="write the raw figures as JSON")
    args = ap.parse_args()
    rows = []
    print("| shape | " + " | ".join(f"{s / 1e6:g} MB (ms)" for s in SIZES) + " | growth |")
    print("|---|" + "---|" * (len(SIZES) + 1))
    for name, build, options in SHAPES:
        truth = truth_for(options)
        times = [best_ms(build(size), truth, options) for size in SIZES]
        growth = times[-1] / max(times[0], 1e-3)
        rows.append({"shape": name, "ms": dict(zip(map(str, SIZES), times)), "growth": growth})
        cells = " | ".join(f"{t:.1f}" for t in times)
        print(f"| {name} | {cells} | {growth:.1f} |", flush=True)
    if args.out is not None:
        meta = {"python": platform.python_version(), "machine": platform.machine()}
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps({"meta": meta, "rows": rows}, indent=1) + "\n")


if __name__ == "__main__":
    main()
