"""Speed of ``toolreward``'s BFCL judging against BFCL's own, from model-output text.

Run (needs bfcl-eval, see tests/bfcl_harness.py)::

    python benchmarks/bench_bfcl.py [--repeat 5] [--json docs/runs/bench_bfcl.json]

Both sides do the whole text -> verdict path on the same texts, in this
process, interleaved round by round:

* **BFCL**: its prompting decoder (``default_decode_ast_prompting``), its
  format gate (``is_function_calling_format_output``), then ``ast_checker``
  (for irrelevance: decoded to a non-empty call list or not), as
  ``bfcl evaluate`` does per entry;
* **toolreward, per entry** (what ``toolreward bfcl`` does): the possible
  answer and function docs are read once per entry, then the text is judged;
* **toolreward, score()**: the public call ``score(text, answer, tools=docs,
  preset="bfcl")``, which reads answer and docs on every call (cached by
  content).

The cases are the agreement test's (every Python AST category's ground
truths and their perturbations) plus realistic irrelevance outputs (a text
answer, ``[]``, a call).  Reported: microseconds per case for each side,
per category group, and the speed-up over BFCL (median of the rounds).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import platform
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from bfcl_harness import PYTHON_CATEGORIES, load_bfcl, python_cases

from toolreward import score
from toolreward.bfcl.checker import PYTHON
from toolreward.bfcl.docs import load_docs
from toolreward.bfcl.preset import check_options, judge_calls, read_calls
from toolreward.ground_truth import load_ground_truth


def _group(category: str) -> str:
    if "irrelevance" in category:
        return "irrelevance"
    for name in ("parallel_multiple", "parallel", "multiple"):
        if name in category:
            return name
    return "simple"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--json", default=None, help="also write the figures here")
    args = ap.parse_args()
    bfcl = load_bfcl()
    from bfcl_eval.utils import is_empty_output, is_function_calling_format_output

    cases = python_cases(bfcl, PYTHON_CATEGORIES)
    lang, fmt = bfcl.Language.PYTHON, bfcl.ReturnFormat.PYTHON
    opts = check_options({})

    def bfcl_one(case: Any) -> bool:
        try:
            decoded = bfcl.decode(case.text, fmt)
        except Exception:
            return not case.answer
        if not case.answer:
            return is_empty_output(decoded)
        if not is_function_calling_format_output(decoded):
            return False
        try:
            result = bfcl.ast_checker(
                case.functions, decoded, case.answer, lang, case.category, "m"
            )
        except Exception:
            return False
        return bool(result["valid"])

    # What `toolreward bfcl` holds per entry: the answer and docs, read once.
    entries = [(case, load_ground_truth(case.answer), load_docs(case.functions)) for case in cases]

    def ours_one(item: tuple[Any, Any, Any]) -> bool:
        case, truth, docs = item
        return judge_calls(*read_calls(case.text, opts), truth, docs, PYTHON).reward == 1.0

    def api_one(case: Any) -> bool:
        return score(case.text, case.answer, tools=case.functions, preset="bfcl").reward == 1.0

    groups: dict[str, list[int]] = defaultdict(list)
    for i, case in enumerate(cases):
        groups[_group(case.category)].append(i)
    sides = {
        "bfcl": lambda idx: [bfcl_one(cases[i]) for i in idx],
        "toolreward per entry": lambda idx: [ours_one(entries[i]) for i in idx],
        "toolreward score()": lambda idx: [api_one(cases[i]) for i in idx],
    }
    times: dict[tuple[str, str], list[float]] = defaultdict(list)
    for _ in range(args.repeat):
        for group, idx in groups.items():
            for side, run in sides.items():
                t0 = time.perf_counter()
                run(idx)
                times[side, group].append((time.perf_counter() - t0) / len(idx) * 1e6)
    with contextlib.suppress(Exception):
        agree = sum(bfcl_one(c) == ours_one(e) for c, e in zip(cases, entries))
    print(f"Python {platform.python_version()}, {platform.machine()}; {len(cases)} cases, "
          f"{args.repeat} interleaved rounds; verdicts agree on {agree}/{len(cases)}")  # fmt: skip
    header = f"{'group':14s} {'cases':>6s}" + "".join(f" {s:>22s}" for s in sides)
    print(header + f" {'speed-up':>9s} {'score() speed-up':>17s}")
    report: dict[str, Any] = {"python": platform.python_version(), "cases": len(cases),
                              "rounds": args.repeat, "agree": agree, "groups": {}}  # fmt: skip
    total = {s: 0.0 for s in sides}
    for group, idx in sorted(groups.items()):
        med = {s: statistics.median(times[s, group]) for s in sides}
        for s in sides:
            total[s] += med[s] * len(idx)
        up, api_up = (
            med["bfcl"] / med["toolreward per entry"],
            med["bfcl"] / med["toolreward score()"],
        )
        print(f"{group:14s} {len(idx):6d}" + "".join(f" {med[s]:19.2f} us" for s in sides)
              + f" {up:8.2f}x {api_up:16.2f}x")  # fmt: skip
        report["groups"][group] = {"cases": len(idx), **{s: med[s] for s in sides}}
    n = len(cases)
    med = {s: total[s] / n for s in sides}
    up, api_up = med["bfcl"] / med["toolreward per entry"], med["bfcl"] / med["toolreward score()"]
    print(f"{'all':14s} {n:6d}" + "".join(f" {med[s]:19.2f} us" for s in sides)
          + f" {up:8.2f}x {api_up:16.2f}x")  # fmt: skip
    report["all"] = med
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1) + "\n")


if __name__ == "__main__":
    main()
