"""Timing checks as growth ratios: time(8n) / time(n) must stay near 8.

Absolute wall-clock bounds fail on a loaded machine; a ratio does not,
because both sizes run on the same machine in the same moment.  Each size
is timed as the best of several repetitions, interleaved.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

GROWTH = 8
LIMIT = 24.0
"""A linear function gives about 8; a quadratic one about 64."""


def _best(fn: Callable[[], Any], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def growth_ratio(run: Callable[[int], Any], n: int, repeat: int = 5) -> float:
    """``time(run(GROWTH * n)) / time(run(n))``, each the best of ``repeat`` interleaved runs."""
    small: list[float] = []
    large: list[float] = []
    run(n)  # warm caches and the allocator
    for _ in range(repeat):
        small.append(_best(lambda: run(n), 1))
        large.append(_best(lambda: run(GROWTH * n), 1))
    return max(min(large), 1e-6) / max(min(small), 1e-6)


def assert_linear(run: Callable[[int], Any], n: int) -> None:
    """Fail when ``run`` grows faster than linearly from ``n`` to ``GROWTH * n``."""
    ratio = growth_ratio(run, n)
    if ratio > LIMIT:  # retry once: a single burst of load is not a trend
        ratio = min(ratio, growth_ratio(run, n))
    assert ratio <= LIMIT, f"time grew {ratio:.1f}x for {GROWTH}x the input"
