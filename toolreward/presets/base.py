"""The interface every preset module implements: ``Preset`` and ``Scorer``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..ground_truth import GroundTruth
from ..results import Verdict

Scorer = Callable[[Any, GroundTruth, Any], Verdict]
"""``scorer(completion, truth, tools) -> Verdict``, with the ground truth already loaded."""


@dataclass(frozen=True)
class Preset:
    """A named rule set.

    Attributes:
        name: the ``preset=`` value that selects it.
        summary: one line saying what it judges.
        build: ``build(options) -> Scorer``; checks the options first and
            raises ``ConfigError`` naming any it refuses.
    """

    name: str
    summary: str
    build: Callable[[dict[str, Any]], Scorer]
