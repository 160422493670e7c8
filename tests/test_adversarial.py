"""Hostile completions: a verdict every time, in time linear in the length.

Timing is asserted as a growth ratio (``tests/timing.py``), never as a
wall-clock bound.  ``benchmarks/bench_hostile.py`` runs the same shapes up
to 4 MB.
"""

from __future__ import annotations

from typing import Any

import pytest
from hostile_shapes import SHAPES, truth_for
from timing import assert_linear

from toolreward import REASONS, score

N = 50_000  # characters; the growth check compares N with 8 N
READER_SHAPES = [s for s in SHAPES if s[2].get("preset") != "bfcl"]  # bfcl reads its own format


@pytest.mark.parametrize(("name", "build", "options"), SHAPES, ids=[s[0] for s in SHAPES])
def test_hostile_shape_is_linear(name: str, build: Any, options: dict[str, Any]) -> None:
    truth = truth_for(options)
    verdict = score(build(8 * N), truth, **options)
    assert verdict.reward in (0.0, 1.0) and verdict.reason in REASONS
    verdict.detail.encode("utf-8")
    texts = {n: build(n) for n in (N, 8 * N)}
    assert_linear(lambda n: score(texts[n], truth, **options), N)


@pytest.mark.parametrize("preset", ["strict", "tool_n1"])
@pytest.mark.parametrize(("name", "build", "options"), [s for s in SHAPES if not s[2]])
def test_hostile_shape_under_the_paper_preset(
    name: str, build: Any, options: dict[str, Any], preset: str
) -> None:
    verdict = score(build(N), truth_for(options), preset=preset)
    assert verdict.reward in (0.0, 1.0) and verdict.reason in REASONS


@pytest.mark.parametrize(
    "fmt", ["hermes", "llama3_json", "mistral", "xlam", "pythonic", "openai", "auto"]
)
@pytest.mark.parametrize(
    ("name", "build", "options"), READER_SHAPES, ids=[s[0] for s in READER_SHAPES]
)
def test_every_shape_in_every_format(
    name: str, build: Any, options: dict[str, Any], fmt: str
) -> None:
    verdict = score(build(N), truth_for(options), **{**options, "format": fmt})
    assert verdict.reward in (0.0, 1.0) and verdict.reason in REASONS
