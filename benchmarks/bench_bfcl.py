"""Speed of the ``bfcl`` preset against BFCL's own ``ast_checker``, on the same cases.

Run (needs bfcl-eval, see tests/bfcl_harness.py): ``python benchmarks/bench_bfcl.py``

The cases are those of the agreement test (BFCL's Python AST categories and
perturbations of their ground truths).  BFCL's checker is timed on calls it
has already decoded (its decoding is excluded).  toolreward is timed twice:
from the model-output text (reading included), and its checks alone on calls
it has already read (the same footing as BFCL's figure).  All run in this
process, interleaved, best of ``--repeat`` rounds.
"""

from __future__ import annotations

import argparse
import contextlib
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from bfcl_harness import PYTHON_CATEGORIES, load_bfcl, python_cases

from toolreward import score
from toolreward.bfcl import (
    bfcl_text,
    check_call,
    check_options,
    load_docs,
    possible_calls,
)
from toolreward.formats import FORMAT_READERS
from toolreward.ground_truth import load_ground_truth


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    bfcl = load_bfcl()
    cases = [c for c in python_cases(bfcl, PYTHON_CATEGORIES) if c.answer]
    work = []
    for case in cases:
        with contextlib.suppress(Exception):
            work.append((case, bfcl.decode(case.text, bfcl.ReturnFormat.PYTHON)))
    lang = bfcl.Language.PYTHON
    opts = check_options({})
    read = []
    for case, _ in work:
        text = bfcl_text(case.text)
        calls = FORMAT_READERS["pythonic"](text, 0, len(text), opts)[2]
        expected = possible_calls(load_ground_truth(case.answer))
        read.append((calls, expected, load_docs(case.functions)))

    def run_bfcl() -> None:
        for case, calls in work:
            with contextlib.suppress(Exception):
                bfcl.ast_checker(case.functions, calls, case.answer, lang, case.category, "m")

    def run_text() -> None:
        for case, _ in work:
            score(case.text, case.answer, tools=case.functions, preset="bfcl")

    def run_checks() -> None:
        for calls, expected, docs in read:
            if calls is not None and len(calls) == len(expected):
                for call, option in zip(calls, expected):
                    check_call(call, option, docs, "python")

    runs = {
        "bfcl ast_checker (decoded calls)": run_bfcl,
        "toolreward bfcl (from text)": run_text,
        "toolreward checks only (read calls)": run_checks,
    }
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(args.repeat):
        for name, fn in runs.items():
            t0 = time.perf_counter()
            fn()
            best[name] = min(best[name], time.perf_counter() - t0)
    print(f"Python {platform.python_version()}, {platform.machine()}; {len(work)} cases")
    per = {name: t / len(work) * 1e6 for name, t in best.items()}
    for name, us in per.items():
        print(f"{name:38s} {us:8.2f} us/sample")
    theirs, text, checks = per.values()
    print(f"speed-up vs BFCL: from text {theirs / text:.2f}x, checks alone {theirs / checks:.2f}x")


if __name__ == "__main__":
    main()
