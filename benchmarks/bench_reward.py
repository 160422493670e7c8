"""Per-sample speed of ``score()`` against a naive reference, plus adversarial inputs.

Run: ``python benchmarks/bench_reward.py [--n 10000] [--repeat 5]
[--corpus synthetic|realistic] [--paper PATH/TO/toolcall.py]``

``--corpus realistic`` scores model-like outputs (``corpus.make_realistic_corpus``).
``--paper`` adds the paper's own ``compute_score_v0``, loaded from the file
given (NVlabs/Tool-N1 ``verl/verl/utils/reward_score/toolcall.py``; it is not
shipped here); its occasional prints are sent to /dev/null for every scorer
alike.  The floor scorer is the least a Python reward can do: the tag
search, one msgspec decode and a multiset comparison of (name, sorted
arguments), with ground truths decoded once.

The naive reference is written here, as the common hand-rolled reward is:
``re.finditer`` with a lazy ``.*?`` between tags, the last block,
``json.loads`` of the payload and of the ground truth, and a ``Counter`` of
``json.dumps(arguments, sort_keys=True)``.  Every scorer is timed on the same
corpus in the same run; the best of ``--repeat`` passes is reported.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import platform
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import msgspec
from corpus import make_corpus, make_realistic_corpus

import toolreward
import toolreward.native
from toolreward import score

_BLOCK = re.compile(r"<tool_call>(.*?)</tool_call>", re.DOTALL)


def naive_reward(completion: str, ground_truth: str) -> float:
    matches = list(_BLOCK.finditer(completion))
    if not matches or "<think>" not in completion or "</think>" not in completion:
        return 0.0
    try:
        result = json.loads(matches[-1].group(1).strip())
    except json.JSONDecodeError:
        return 0.0
    if isinstance(result, dict):
        result = [result]
    answer = json.loads(ground_truth)
    if not isinstance(result, list) or not all(
        isinstance(x, dict) and "name" in x and "arguments" in x for x in result
    ):
        return 0.0
    try:
        got = Counter((x["name"], json.dumps(x["arguments"], sort_keys=True)) for x in result)
    except TypeError:
        return 0.0
    want = Counter((x["name"], json.dumps(x["arguments"], sort_keys=True)) for x in answer)
    return 1.0 if got == want else 0.0


_DECODE = msgspec.json.Decoder().decode
_ENCODE = msgspec.json.Encoder(order="sorted").encode
_FLOOR_TRUTHS: dict[str, Counter] = {}


def floor_scorer(completion: str, ground_truth: str) -> float:
    """The least work a Python-level reward does (see module docstring)."""
    want = _FLOOR_TRUTHS.get(ground_truth)
    if want is None:
        want = _FLOOR_TRUTHS[ground_truth] = Counter(
            (c["name"], _ENCODE(c["arguments"])) for c in _DECODE(ground_truth)
        )
    start = completion.rfind("<tool_call>")
    end = completion.find("</tool_call>", start)
    if start == -1 or end == -1 or "<think>" not in completion:
        return 0.0
    try:
        calls = _DECODE(completion[start + 11 : end])
        got = Counter((c["name"], _ENCODE(c["arguments"])) for c in calls)
    except (msgspec.DecodeError, TypeError, KeyError):
        return 0.0
    return 1.0 if got == want else 0.0


def load_paper_reward(path: str):  # type: ignore[no-untyped-def]
    """``compute_score_v0`` from the paper's ``toolcall.py`` at ``path``."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("paper_toolcall", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.compute_score_v0


def time_per_sample(scorers: dict, completions, truths, repeat: int) -> dict[str, float]:
    """Best-of-``repeat`` microseconds per sample; scorers are interleaved in
    every round so that drift in machine speed hits them all alike."""
    best = dict.fromkeys(scorers, float("inf"))
    for _ in range(repeat):
        for name, fn in scorers.items():
            t0 = time.perf_counter()
            for c, g in zip(completions, truths):
                fn(c, g)
            best[name] = min(best[name], time.perf_counter() - t0)
    return {name: t / len(completions) * 1e6 for name, t in best.items()}


def compare_with_paper_and_floor(
    completions: list[str], truths: list[str], repeat: int, paper_path: str
) -> None:
    """Time strict, tool_n1, the paper's reward and the floor, interleaved, and
    print each as a speed-up over the paper and a multiple of the floor.

    The presets are timed twice: for the reward alone (what the paper's reward
    and the floor compute), and with every verdict's reason read, as the
    framework adapters do when they log reason shares; a wrong answer that the
    compiled core proves wrong is explained only in the second.
    """
    paper = load_paper_reward(paper_path)
    scorers = {
        "paper compute_score_v0": paper,
        "strict": lambda c, g: score(c, g).reward,
        "tool_n1": lambda c, g: score(c, g, preset="tool_n1").reward,
        "strict, reason read": lambda c, g: score(c, g).reason,
        "tool_n1, reason read": lambda c, g: score(c, g, preset="tool_n1").reason,
        "floor": floor_scorer,
    }
    with open("/dev/null", "w") as sink, contextlib.redirect_stdout(sink):
        agree = sum(
            (paper(c, g) == 1) == (score(c, g, preset="tool_n1").reward == 1)
            for c, g in zip(completions, truths)
        )
        times = time_per_sample(scorers, completions, truths, repeat)
    lengths = sorted(len(c) for c in completions)
    print(
        f"{len(completions)} completions, median {lengths[len(lengths) // 2]} chars; "
        f"tool_n1 agrees with the paper's reward on {agree}/{len(completions)}"
    )
    base, floor = times["paper compute_score_v0"], times["floor"]
    print(f"{'scorer':24s} {'us/sample':>10s} {'x faster than paper':>20s} {'x floor':>8s}")
    for name, t in times.items():
        print(f"{name:24s} {t:10.2f} {base / t:19.2f}x {t / floor:7.2f}x")
    if not toolreward.native.available():
        print("(the compiled core is not loaded: pure Python)")


def adversarial_inputs() -> dict[str, str]:
    mb = 1_000_000
    return {
        "1 MB of unclosed <tool_call>": "<think>x</think>" + "<tool_call>" * (mb // 11),
        "1 MB of nested brackets": "<think>x</think><tool_call>"
        + "[" * (mb // 2)
        + "]" * (mb // 2)
        + "</tool_call>",
        "1 MB of unclosed <think>": "<think>" * (mb // 7),
        "1 MB of alternating tags": "<think></think><tool_call></tool_call>" * (mb // 38),
        "1 MB of end tokens": "x" + "<|im_end|> " * (mb // 11),
        "1 MB JSON string payload": '<think>x</think><tool_call>[{"name":"f","arguments":{"s":"'
        + "a" * mb
        + '"}}]</tool_call>',
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--corpus", choices=("synthetic", "realistic"), default="synthetic")
    ap.add_argument("--paper", default=None, help="the paper's toolcall.py (compute_score_v0)")
    args = ap.parse_args()

    make = make_realistic_corpus if args.corpus == "realistic" else make_corpus
    completions, truths, kinds = make(args.n)
    if args.paper:
        compare_with_paper_and_floor(completions, truths, args.repeat, args.paper)
        return
    lengths = sorted(len(c) for c in completions)
    print(
        f"toolreward {toolreward.__version__}, Python {platform.python_version()}, "
        f"{platform.machine()}, {platform.processor() or 'cpu'}"
    )
    print(
        f"corpus: {len(completions)} completions, {len(set(truths))} distinct ground truths, "
        f"length {lengths[0]}..{lengths[-1]} chars (median {lengths[len(lengths) // 2]}), "
        f"{Counter(kinds)}"
    )

    rewards = {
        "strict": [score(c, g).reward for c, g in zip(completions, truths)],
        "tool_n1": [score(c, g, preset="tool_n1").reward for c, g in zip(completions, truths)],
        "naive": [naive_reward(c, g) for c, g in zip(completions, truths)],
    }
    for name, values in rewards.items():
        print(f"mean reward {name:8s}: {sum(values) / len(values):.4f}")
    agree = sum(a == b for a, b in zip(rewards["tool_n1"], rewards["naive"]))
    print(f"tool_n1 preset agrees with the naive reference on {agree}/{len(completions)}")

    times = time_per_sample(
        {
            "naive": naive_reward,
            "strict": lambda c, g: score(c, g).reward,
            "tool_n1": lambda c, g: score(c, g, preset="tool_n1").reward,
        },
        completions,
        truths,
        args.repeat,
    )
    naive, strict, paper = times["naive"], times["strict"], times["tool_n1"]
    print(f"\n{'scorer':10s} {'us/sample':>10s} {'speed-up vs naive':>18s}")
    print(f"{'naive':10s} {naive:10.2f} {1.0:17.2f}x")
    print(f"{'strict':10s} {strict:10.2f} {naive / strict:17.2f}x")
    print(f"{'tool_n1':10s} {paper:10.2f} {naive / paper:17.2f}x")

    by_kind = {}
    for kind in ("correct", "wrong_value", "wrong_format"):
        idx = [i for i, k in enumerate(kinds) if k == kind]
        sub_c = [completions[i] for i in idx]
        sub_g = [truths[i] for i in idx]
        by_kind[kind] = time_per_sample(
            {
                "naive": naive_reward,
                "strict": lambda c, g: score(c, g).reward,
                "tool_n1": lambda c, g: score(c, g, preset="tool_n1").reward,
            },
            sub_c,
            sub_g,
            args.repeat,
        )
    print(
        f"\n{'kind':14s} {'n':>5s} {'naive':>8s} {'strict':>8s} {'tool_n1':>8s} "
        f"{'x strict':>9s} {'x tool_n1':>10s}"
    )
    for kind, t in by_kind.items():
        n = sum(k == kind for k in kinds)
        print(
            f"{kind:14s} {n:5d} {t['naive']:8.2f} {t['strict']:8.2f} {t['tool_n1']:8.2f} "
            f"{t['naive'] / t['strict']:8.2f}x {t['naive'] / t['tool_n1']:9.2f}x"
        )

    # Why msgspec is a dependency: the payload decode, alone, on this corpus.
    payloads = [c[c.find("<tool_call>") + 11 : c.rfind("</tool_call>")] for c in completions]
    decoders = {"json.loads": json.loads, "msgspec": msgspec.json.Decoder().decode}
    decode_times = {}
    for name, decode in decoders.items():
        best = float("inf")
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            for p in payloads:
                with contextlib.suppress(ValueError):
                    decode(p)
            best = min(best, time.perf_counter() - t0)
        decode_times[name] = best / len(payloads) * 1e6
    print(
        "\npayload decode: "
        + ", ".join(f"{k} {v:.2f} us" for k, v in decode_times.items())
        + f" ({decode_times['json.loads'] / decode_times['msgspec']:.1f}x)"
    )

    print("\nadversarial inputs (strict / tool_n1 / naive, ms):")
    gt = '[{"name": "f", "arguments": {"s": "a"}}]'
    for label, text in adversarial_inputs().items():
        row = []
        for fn in (lambda t: score(t, gt), lambda t: score(t, gt, preset="tool_n1")):
            t0 = time.perf_counter()
            fn(text)
            row.append((time.perf_counter() - t0) * 1e3)
        small = text[:100_000]
        t0 = time.perf_counter()
        naive_reward(small, gt)
        naive_ms = (time.perf_counter() - t0) * 1e3
        print(
            f"  {label:28s} {len(text) / 1e6:4.1f} MB  strict {row[0]:7.2f}  "
            f"tool_n1 {row[1]:7.2f}   naive on first 100 KB {naive_ms:9.2f}"
        )


if __name__ == "__main__":
    main()
