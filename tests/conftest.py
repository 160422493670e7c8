"""Shared helpers for the test suite."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("ci")


def render(calls: Any, think: str = "reasoning") -> str:
    """A well-formed Tool-N1 completion for ``calls`` (list of dicts)."""
    return f"<think>{think}</think>\n<tool_call>{json.dumps(calls)}</tool_call>"
