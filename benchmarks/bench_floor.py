"""How fast can a correct sample be judged in pure Python at all?

A deliberately stripped-down scorer for the *correct* completions of the
benchmark corpus: tag search, ``msgspec`` decode into calls, sorted encoding
and a multiset compare in one flat function, with no explanations and no
fallbacks.  It is not a valid reward (it skips most rules); it measures the
floor that the interpreter sets, next to the naive reference and ``score``.

Run: ``python benchmarks/bench_floor.py``
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_reward import naive_reward
from corpus import make_corpus

from toolreward import score
from toolreward.calls import ToolCall, decode_calls
from toolreward.canonical import encode_sorted
from toolreward.ground_truth import load_ground_truth


def floor_scorer(text: str, truth_text: str) -> float:
    truth = load_ground_truth(truth_text)
    if text.count("<") != 4:
        return 0.0
    a = text.find("<think>")
    b = text.find("</think>", a)
    c = text.find("<tool_call>", b)
    d = text.find("</tool_call>", c)
    payload = text[c + 11 : d]
    decoded = decode_calls(payload)
    calls = [decoded] if type(decoded) is ToolCall else decoded
    keys = sorted((x.name, encode_sorted(x.arguments)) for x in calls)
    gold = truth.memo.get("floor")
    if gold is None:
        gold = truth.memo["floor"] = sorted(
            (x.name, encode_sorted(x.arguments)) for x in truth.calls
        )
    return 1.0 if keys == gold else 0.0


def main() -> None:
    completions, truths, kinds = make_corpus(10_000)
    sub = [(c, g) for c, g, k in zip(completions, truths, kinds) if k == "correct"]
    scorers = {"naive": naive_reward, "strict": score, "floor": floor_scorer}
    assert all(floor_scorer(c, g) == 1.0 for c, g in sub)
    best = dict.fromkeys(scorers, float("inf"))
    for _ in range(5):
        for name, fn in scorers.items():
            t0 = time.perf_counter()
            for c, g in sub:
                fn(c, g)
            best[name] = min(best[name], time.perf_counter() - t0)
    for name, t in best.items():
        us = t / len(sub) * 1e6
        print(f"{name:7s} {us:7.2f} us/sample   naive / this = {best['naive'] / t:5.2f}x")


if __name__ == "__main__":
    main()
