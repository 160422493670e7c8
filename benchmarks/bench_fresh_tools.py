"""Fresh tool lists on every call, as TRL and verl rows arrive: time per call and memory.

Run: ``python benchmarks/bench_fresh_tools.py [--calls 100000]``

Each call gets its own deep copy of the same two OpenAI tool specs (the copy
is made outside the timed region), a correct completion and its ground
truth, with the schema check on.  Prints microseconds per call and the
growth of the resident set size over the run.
"""

from __future__ import annotations

import argparse
import copy
import gc
import time

from toolreward import score

TOOLS = [
    {
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "Get the weather",
            "parameters": {
                "type": "object",
                "properties": {
                    "city": {"type": "string"},
                    "unit": {"type": "string", "enum": ["c", "f"], "default": "c"},
                    "days": {"type": "integer", "minimum": 1},
                },
                "required": ["city"],
            },
        },
    },
    {
        "type": "function",
        "function": {
            "name": "search",
            "description": "Search the web",
            "parameters": {
                "type": "object",
                "properties": {"q": {"type": "string"}, "n": {"type": "integer"}},
                "required": ["q"],
            },
        },
    },
]
COMPLETION = (
    '<think>r</think><tool_call>[{"name": "get_weather", "arguments": '
    '{"city": "Paris", "days": 2}}]</tool_call>'
)
TRUTH = '[{"name": "get_weather", "arguments": {"city": "Paris", "days": 2}}]'


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * 4096 / 1e6


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--calls", type=int, default=100_000)
    args = ap.parse_args()
    for _ in range(1000):  # warm up: imports, caches, allocator
        score(COMPLETION, TRUTH, tools=copy.deepcopy(TOOLS))
    gc.collect()
    start_rss = rss_mb()
    spent = 0.0
    for _ in range(args.calls):
        tools = copy.deepcopy(TOOLS)
        t0 = time.perf_counter()
        score(COMPLETION, TRUTH, tools=tools)
        spent += time.perf_counter() - t0
    gc.collect()
    print(
        f"{args.calls} calls with fresh tool lists: {spent / args.calls * 1e6:.2f} us per call, "
        f"RSS {start_rss:.1f} MB -> {rss_mb():.1f} MB (+{rss_mb() - start_rss:.1f} MB)"
    )


if __name__ == "__main__":
    main()
