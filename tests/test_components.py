"""Reward components (GDPO) and opt-in partial credit."""

from __future__ import annotations

import json

import pytest
from conftest import render

from toolreward import score
from toolreward.components import call_counts, partial_credit, verdict_components

F1 = {"name": "f", "arguments": {"a": 1}}
F2 = {"name": "f", "arguments": {"a": 2}}
G = {"name": "g", "arguments": {"s": "x"}}
TOOLS = [{"name": "f", "parameters": {"type": "object", "properties": {"a": {"type": "integer"}}}},
         {"name": "g", "parameters": {"type": "object", "properties": {"s": {"type": "string"}}}}]  # fmt: skip


@pytest.mark.parametrize(
    ("completion", "truth", "components", "counts", "fractional", "f1"),
    [
        (render([F1, G]), [F1, G], (1, 1, 1), (2, 2, 2), 1.0, 1.0),
        (render([G, F1]), [F1, G], (1, 1, 1), (2, 2, 2), 1.0, 1.0),
        (render([F1]), [F1, G], (1, 1, 0), (2, 1, 1), 0.5, 2 / 3),
        (render([F1, G, G]), [F1, G], (1, 1, 0), (2, 3, 2), 2 / 3, 0.8),
        (render([{"name": "f", "arguments": {"a": 2}}]), [F1], (1, 1, 0), (1, 1, 0), 0.0, 0.0),
        (render([{"name": "f", "arguments": {"a": "1"}}]), [F1], (1, 0, 0), (1, 1, 0), 0.0, 0.0),
        ("<tool_call>[]</tool_call>", [F1], (0, 0, 0), (1, 0, 0), 0.0, 0.0),
        (render([]), [], (1, 1, 1), (0, 0, 0), 1.0, 1.0),
        (render([F1]), [], (1, 1, 0), (0, 1, 0), 0.0, 0.0),
        (
            render([{"name": "f", "arguments": {"a": 2}}]),
            [{"f": {"a": [1, 2]}}],
            (1, 1, 1),
            (1, 1, 1),
            1.0,
            1.0,
        ),
    ],
)
def test_components_counts_and_credit(
    completion: str, truth: list, components: tuple, counts: tuple, fractional: float, f1: float
) -> None:
    verdict = score(completion, truth, tools=TOOLS)
    assert tuple(verdict_components(verdict).values()) == tuple(map(float, components))
    got = call_counts(completion, truth, tools=TOOLS)
    assert (got.expected, got.predicted, got.matched) == counts
    assert partial_credit(completion, truth, tools=TOOLS, mode="fractional") == pytest.approx(
        fractional
    )
    assert partial_credit(completion, truth, tools=TOOLS, mode="f1") == pytest.approx(f1)
    assert partial_credit(completion, truth, tools=TOOLS, mode="binary") == verdict.reward


def test_binary_stays_the_default_and_unchanged() -> None:
    text = render([F1])
    assert score(text, json.dumps([F1, G])).reward == 0.0  # no partial credit unless asked
    with pytest.raises(ValueError, match="mode="):
        partial_credit(text, [F1], mode="half")


def test_components_never_exceed_the_gate() -> None:
    # Partial credit sits behind the format gate: text around the calls gets 0.
    assert partial_credit(render([F1]) + " done", [F1, G], mode="fractional") == 0.0
