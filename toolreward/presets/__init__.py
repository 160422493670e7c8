"""Presets: named rule sets, one module each, registered in ``PRESETS``.

Every preset is a :class:`~toolreward.presets.base.Preset` with the same small
interface: ``build(options)`` checks the options and returns a scorer,
``scorer(completion, truth, tools) -> Verdict``.  ``toolreward.score`` looks
the preset up here; adding a preset is one module and one line below.

| preset | module | rules |
|---|---|---|
| ``strict`` | :mod:`.strict` | the format read strictly, calls matched canonically |
| ``tool_n1`` | :mod:`.tool_n1` | the paper's released reward, reproduced |
| ``bfcl`` | :mod:`toolreward.bfcl.preset` | BFCL's AST-checker rules |

>>> list(PRESETS)
['strict', 'tool_n1', 'bfcl']
"""

from __future__ import annotations

from ..bfcl.preset import PRESET as BFCL
from .base import Preset, Scorer
from .strict import PRESET as STRICT
from .tool_n1 import PRESET as TOOL_N1

PRESETS: dict[str, Preset] = {p.name: p for p in (STRICT, TOOL_N1, BFCL)}
"""Every preset by name."""

__all__ = ["PRESETS", "Preset", "Scorer"]
