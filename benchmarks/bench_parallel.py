"""``score_batch`` throughput with 1 and 2 worker processes, and a 1,000,000-line CLI run.

Run: ``python benchmarks/bench_parallel.py [--n 50000] [--lines 1000000]``

The pool of ``score_batch`` is kept between calls, so the first call pays the
process start-up and cold caches and later calls do not; both are reported.
For reference, the same machine's speed-up on a pure-Python busy loop in two
processes is measured too: it is the ceiling for any Python scorer here.
The CLI run writes a JSONL file of ``--lines`` corpus records, scores it with
``toolreward score --workers 2``, and reports the time and peak RSS.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import make_corpus

from toolreward import score_batch


def burn(n: int) -> int:
    s = 0
    for i in range(n):
        s += i * i
    return s


def ceiling() -> float:
    n = 10_000_000
    t0 = time.perf_counter()
    burn(n)
    burn(n)
    serial = time.perf_counter() - t0
    with ProcessPoolExecutor(2) as pool:
        pool.submit(int, 1).result()
        t0 = time.perf_counter()
        list(pool.map(burn, [n, n]))
        return serial / (time.perf_counter() - t0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=50_000)
    ap.add_argument("--lines", type=int, default=1_000_000)
    args = ap.parse_args()
    completions, truths, _ = make_corpus(args.n)
    print(f"machine ceiling (busy loop, 2 processes): {ceiling():.2f}x")
    score_batch(completions, truths, workers=1)  # warm this process's caches first
    t0 = time.perf_counter()
    score_batch(completions, truths, workers=1)
    one = args.n / (time.perf_counter() - t0)
    t0 = time.perf_counter()
    score_batch(completions, truths, workers=2)
    first = args.n / (time.perf_counter() - t0)
    t0 = time.perf_counter()
    score_batch(completions, truths, workers=2)
    warm = args.n / (time.perf_counter() - t0)
    print(
        f"score_batch, {args.n} samples: workers=1 {one:,.0f}/s; workers=2 first call "
        f"{first:,.0f}/s ({first / one:.2f}x), later calls {warm:,.0f}/s ({warm / one:.2f}x)"
    )
    if args.lines:
        path = Path(tempfile.mkdtemp()) / "big.jsonl"
        with path.open("w") as fh:
            for i in range(args.lines):
                j = i % args.n
                fh.write(
                    json.dumps({"id": i, "completion": completions[j], "ground_truth": truths[j]})
                    + "\n"
                )
        size = path.stat().st_size / 1e6
        t0 = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "toolreward.cli",
                "score",
                str(path),
                "--workers",
                "2",
                "--json",
                "--out",
                str(path.with_suffix(".out")),
            ],
            check=False,
            capture_output=True,
        )
        elapsed = time.perf_counter() - t0
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        out_lines = sum(1 for _ in path.with_suffix(".out").open())
        print(
            f"CLI: {args.lines:,} lines ({size:.0f} MB) in {elapsed:.1f} s "
            f"({args.lines / elapsed:,.0f} lines/s), {out_lines:,} output lines, "
            f"peak RSS of the largest process {peak:.0f} MB"
        )


if __name__ == "__main__":
    main()
