"""Before/after speed of ``score``: this checkout against another version, in one process.

Run::

    git worktree add /tmp/base <commit>      # or unpack any copy of the package
    python benchmarks/bench_versions.py --baseline /tmp/base/toolreward

The baseline package is imported under another name, so both versions score
the same corpus (``benchmarks/corpus.py``) in the same process.  They are
timed in short alternating rounds (500 samples each, the order flipped every
pass) and the median of the per-round ratios is reported: on a shared
machine that median is far steadier than any best-of time.  The verdicts of
both versions are compared first; only the reasons must agree (a detail line
may be reworded; how many differ is printed too).  ``--read reason`` times
``score(...).reason`` instead of ``score(...)``, so that an explanation
computed on first read (``Verdict.unexplained``) is paid for in the timing.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import time
from pathlib import Path
from types import ModuleType

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import make_corpus, make_realistic_corpus

import toolreward


def load_baseline(path: Path) -> ModuleType:
    """Import the package at ``path`` as ``toolreward_baseline``."""
    spec = importlib.util.spec_from_file_location(
        "toolreward_baseline", path / "__init__.py", submodule_search_locations=[str(path)]
    )
    if spec is None or spec.loader is None:
        raise SystemExit(f"no package at {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules["toolreward_baseline"] = module
    spec.loader.exec_module(module)
    return module


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--baseline", type=Path, required=True, help="the other version's package dir")
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--passes", type=int, default=10)
    ap.add_argument("--corpus", choices=["synthetic", "realistic"], default="synthetic")
    ap.add_argument("--read", choices=["verdict", "reason"], default="verdict")
    args = ap.parse_args()
    base = load_baseline(args.baseline.resolve())
    make = make_realistic_corpus if args.corpus == "realistic" else make_corpus
    completions, truths, _ = make(args.n)
    pairs = list(zip(completions, truths))
    chunks = [pairs[i : i + 500] for i in range(0, len(pairs), 500)]
    print(f"corpus: {len(pairs)} completions; baseline {args.baseline}")
    for preset in ("strict", "tool_n1"):
        verdicts = [
            (toolreward.score(c, g, preset=preset), base.score(c, g, preset=preset))
            for c, g in pairs
        ]
        differ = sum(new.reason != old.reason for new, old in verdicts)
        details = sum(new.detail != old.detail for new, old in verdicts)
        if args.read == "reason":
            after = lambda c, g, p=preset: toolreward.score(c, g, preset=p).reason  # noqa: E731
            before = lambda c, g, p=preset: base.score(c, g, preset=p).reason  # noqa: E731
        else:
            after = lambda c, g, p=preset: toolreward.score(c, g, preset=p)  # noqa: E731
            before = lambda c, g, p=preset: base.score(c, g, preset=p)  # noqa: E731
        ratios = []
        totals = {"before": 0.0, "after": 0.0}
        for k in range(args.passes):
            for chunk in chunks:
                order = [("before", before), ("after", after)]
                spent = {}
                for name, fn in order if k % 2 else order[::-1]:
                    t0 = time.perf_counter()
                    for c, g in chunk:
                        fn(c, g)
                    spent[name] = time.perf_counter() - t0
                    totals[name] += spent[name]
                ratios.append(spent["after"] / spent["before"])
        q = statistics.quantiles(ratios, n=4)
        n = len(ratios) * 500
        print(
            f"{preset:8s} reasons differing {differ} (details {details}); "
            f"after/before median {statistics.median(ratios):.3f}"
            f" (quartiles {q[0]:.3f}..{q[2]:.3f}, {len(ratios)} rounds); mean us/sample "
            f"before {totals['before'] / n * 1e6:.2f}, after {totals['after'] / n * 1e6:.2f}"
        )


if __name__ == "__main__":
    main()
