"""Reward components: the parts of the binary reward, and opt-in partial credit.

GDPO (verl's ``gdpo`` estimator, NeMo RL's ``reward_components``) normalises
each reward component on its own.  ``verdict_components`` splits a verdict
into three 0/1 parts, read from its reason code alone (no second pass):

* ``format``: the structure is valid (the format reader accepted it);
* ``schema``: the calls fit their tools' JSON Schemas (1 when no tools are
  given; 0 when the structure already failed);
* ``calls``: the calls match the ground truth (the binary reward itself).

``call_counts`` counts the expected, predicted and matched calls (a maximum
matching under the ``strict`` rules), and ``partial_credit`` turns them into
an opt-in reward behind the same format gate: ``fractional`` is
matched / max(expected, predicted), ``f1`` is 2 · matched / (expected +
predicted).  The binary reward stays the default: in the Tool-N1 paper's
ablation (7B, average of BFCL and API-Bank) binary 84.82 beat partial credit
83.74, and partial credit rewards a subset of the right calls.

>>> from toolreward import score
>>> text = '<think>r</think><tool_call>[{"name": "f", "arguments": {"a": 1}}]</tool_call>'
>>> truth = '[{"name": "f", "arguments": {"a": 1}}, {"name": "g", "arguments": {}}]'
>>> verdict_components(score(text, truth))
{'format': 1.0, 'schema': 1.0, 'calls': 0.0}
>>> partial_credit(text, truth, mode="f1")
0.6666666666666666
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .ground_truth import load_ground_truth
from .match import call_fits
from .options import parse_options
from .pairing import max_matching
from .parse import parse_with
from .reasons import SCHEMA_REASONS
from .results import Verdict
from .tools import load_tools
from .verdict import score

COMPONENTS = ("format", "schema", "calls")
MODES = ("binary", "fractional", "f1")


def verdict_components(verdict: Verdict) -> dict[str, float]:
    """The verdict's ``format``, ``schema`` and ``calls`` parts, each 0.0 or 1.0."""
    if verdict.format_ok:
        return {"format": 1.0, "schema": 1.0, "calls": float(verdict.calls_ok)}
    # A schema failure follows a valid structure; every other failure does not.
    return {"format": float(verdict.reason in SCHEMA_REASONS), "schema": 0.0, "calls": 0.0}


@dataclass(frozen=True)
class CallCounts:
    """How many calls were expected, predicted, and matched one to one."""

    expected: int
    predicted: int
    matched: int

    def fractional(self) -> float:
        """matched / max(expected, predicted); 1.0 when both are 0."""
        most = max(self.expected, self.predicted)
        return self.matched / most if most else 1.0

    def f1(self) -> float:
        """2 · matched / (expected + predicted); 1.0 when both are 0."""
        total = self.expected + self.predicted
        return 2 * self.matched / total if total else 1.0


def call_counts(
    completion: Any, ground_truth: Any, *, tools: Any = None, **options: Any
) -> CallCounts:
    """Expected, predicted and matched calls of a completion under ``strict``'s reading.

    A completion that does not parse predicts 0 calls.
    """
    truth = load_ground_truth(ground_truth)
    expected: list[Any] = list(truth.possible if truth.possible is not None else truth.calls or ())
    parsed = parse_with(completion, parse_options(options))
    predicted = parsed.calls or []
    index = None if tools is None else load_tools(tools)
    if not predicted or not expected:
        return CallCounts(len(expected), len(predicted), 0)
    adjacent = [[call_fits(call, want, index) for want in expected] for call in predicted]
    matched = sum(j is not None for j in max_matching(adjacent))
    return CallCounts(len(expected), len(predicted), matched)


def partial_credit(
    completion: Any,
    ground_truth: Any,
    *,
    tools: Any = None,
    mode: str = "fractional",
    verdict: Verdict | None = None,
    **options: Any,
) -> float:
    """The ``fractional`` or ``f1`` reward (``binary`` gives the plain reward), with
    the preset ``strict``: 0.0 unless the structure and schemas are valid, 1.0
    when the calls match, else the share of calls matched.  ``verdict``, when
    the caller already holds the strict verdict, saves scoring again."""
    if mode not in MODES:
        raise ValueError(f"mode={mode!r}: expected one of {', '.join(MODES)}")
    if verdict is None:
        verdict = score(completion, ground_truth, tools=tools, **options)
    if mode == "binary" or not verdict.format_ok or verdict.calls_ok:
        return verdict.reward
    counts = call_counts(completion, ground_truth, tools=tools, **options)
    return counts.fractional() if mode == "fractional" else counts.f1()
