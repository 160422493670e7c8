"""What the adapters share: options from several places, and one verdict per row."""

from __future__ import annotations

import json
from typing import Any

from ..reasons import REASONS
from ..results import Verdict
from ..verdict import score

REASON_IDS: dict[str, int] = {code: i for i, code in enumerate(REASONS)}
"""A stable integer for every reason code (for frameworks that log numbers only)."""


def score_row(
    completion: Any, ground_truth: Any, tools: Any, preset: str, options: dict[str, Any]
) -> Verdict:
    """``score`` as the adapters call it: a blank ``tools`` string (an empty column) is no tools.

    Numpy arrays and bytes from a parquet round trip are read by
    ``toolreward.ground_truth`` and ``toolreward.tools`` themselves.
    """
    if isinstance(tools, str) and tools.strip() == "":
        tools = None
    return score(completion, ground_truth, tools=tools, preset=preset, **options)


def options_from(*sources: Any) -> tuple[str, dict[str, Any]]:
    """``(preset, options)`` merged from dicts (later ones win); ``preset`` defaults to strict.

    Accepts ``{"toolreward": {...}}`` nesting and JSON text, as ``extra_info``
    columns sometimes carry it.
    """
    merged: dict[str, Any] = {}
    for source in sources:
        if not source:
            continue
        if isinstance(source, str):
            source = json.loads(source)
        if isinstance(source, dict) and isinstance(source.get("toolreward"), dict):
            source = source["toolreward"]
        merged.update(source)
    preset = merged.pop("preset", "strict")
    return preset, merged
