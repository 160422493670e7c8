"""Speed of each format reader on a typical two-call response, interleaved in one process.

Run: ``python benchmarks/bench_formats.py [--rounds 7] [--json docs/runs/bench_formats.json]``

Each family's response is rendered as its chat template writes it (the
renderers of ``tests/test_formats_families.py``): reasoning, then two calls
with a string, an integer and a list argument.  Timed: ``score`` of that
response against its ground truth (text stage, reader, typing of raw
values through the tools' schema, schema check, match), microseconds per
sample, median of the rounds; ``hermes`` and ``tool_n1`` (the paper's
format) as reference lines.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from test_formats_families import NO_THINK, RENDERERS, TOOLS

from toolreward import score

CALLS = [
    ("get_weather", {"city": "Paris", "days": 3, "hours": [9, 12]}),
    ("mod.search", {"q": "umbrella shops"}),
]


def _hermes(calls: list, think: str) -> str:
    blocks = "".join(
        "\n<tool_call>\n" + json.dumps({"name": n, "arguments": a}) + "\n</tool_call>"
        for n, a in calls
    )
    return f"<think>{think}</think>{blocks}"


def _tool_n1(calls: list, think: str) -> str:
    payload = json.dumps([{"name": n, "arguments": a} for n, a in calls])
    return f"<think>{think}</think><tool_call>{payload}</tool_call>"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--n", type=int, default=2000, help="samples per round")
    ap.add_argument("--json", default=None)
    args = ap.parse_args()
    truth = [{"name": n, "arguments": a} for n, a in CALLS]
    think = "The user wants the forecast and a shop; two calls."
    cases = {
        "tool_n1": ("tool_n1", _tool_n1(CALLS, think)),
        "hermes": ("hermes", _hermes(CALLS, think)),
    }
    for family, (fmt, render) in RENDERERS.items():
        cases[family] = (fmt, render(CALLS, None if family in NO_THINK else think))
    for family, (fmt, text) in cases.items():
        verdict = score(text, truth, tools=TOOLS, format=fmt, allow_empty_think=True)
        assert verdict.reward == 1.0, (family, verdict)
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(args.rounds):
        for family, (fmt, text) in cases.items():
            t0 = time.perf_counter()
            for _ in range(args.n):
                score(text, truth, tools=TOOLS, format=fmt, allow_empty_think=True)
            times[family].append((time.perf_counter() - t0) / args.n * 1e6)
    print(
        f"Python {platform.python_version()}, {platform.machine()}; {args.rounds} rounds x {args.n}"
    )
    report = {}
    for family, values in times.items():
        med = statistics.median(values)
        report[family] = {"format": cases[family][0], "us": med, "chars": len(cases[family][1])}
        print(f"{family:16s} {cases[family][0]:10s} {len(cases[family][1]):5d} chars {med:8.2f} us")
    if args.json:
        Path(args.json).write_text(
            json.dumps({"python": platform.python_version(), **report}, indent=1) + "\n"
        )


if __name__ == "__main__":
    main()
