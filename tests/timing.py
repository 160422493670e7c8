"""Timing checks as growth ratios: time(8n) / time(n) must stay near 8.

Absolute wall-clock bounds fail on a loaded machine; a ratio does not,
because both sizes run on the same machine in the same moment.  Each size
is timed over enough repetitions to last a few milliseconds, best of five,
the two sizes interleaved.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

GROWTH = 8
LIMIT = 24.0
"""A linear function gives about 8; a quadratic one about 64."""
_MIN_SECONDS = 0.002


def _time(fn: Callable[[], Any], loops: int) -> float:
    t0 = time.perf_counter()
    for _ in range(loops):
        fn()
    return time.perf_counter() - t0


def growth_ratio(run: Callable[[int], Any], n: int, repeat: int = 5) -> float:
    """``time(run(GROWTH * n)) / time(run(n))``, best of ``repeat`` interleaved rounds."""
    loops = 1
    while _time(lambda: run(n), loops) < _MIN_SECONDS and loops < 1 << 16:
        loops *= 2
    small = min(_time(lambda: run(n), loops) for _ in range(1))
    large = float("inf")
    for _ in range(repeat):
        small = min(small, _time(lambda: run(n), loops))
        large = min(large, _time(lambda: run(GROWTH * n), loops))
    return large / small


def assert_linear(run: Callable[[int], Any], n: int) -> None:
    """Fail when ``run`` grows faster than linearly from ``n`` to ``GROWTH * n``."""
    ratio = growth_ratio(run, n)
    if ratio > LIMIT:  # measure once more: a single burst of load is not a trend
        ratio = min(ratio, growth_ratio(run, n))
    assert ratio <= LIMIT, f"time grew {ratio:.1f}x for {GROWTH}x the input"
