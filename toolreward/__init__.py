"""toolreward: an exact, strict and fast verifier and binary reward for LLM tool calls.

Two verbs:

* ``parse(text, format="tool_n1", **options) -> Parsed``
* ``score(completion, ground_truth, tools=None, preset="strict", **options) -> Verdict``

>>> from toolreward import score
>>> score('<think>ok</think><tool_call>[{"name": "f", "arguments": {"x": 1}}]</tool_call>',
...       [{"name": "f", "arguments": {"x": 1.0}}]).reward
1.0
"""

from __future__ import annotations

from .calls import ToolCall
from .errors import ConfigError, GroundTruthError, ToolRewardError, ToolsError
from .options import ParseOptions
from .parse import parse
from .presets import PRESETS
from .reasons import REASONS
from .results import Parsed, Verdict
from .verdict import check_config, score, score_batch

__version__ = "0.1.0"

__all__ = [
    "PRESETS",
    "REASONS",
    "ConfigError",
    "GroundTruthError",
    "ParseOptions",
    "Parsed",
    "ToolCall",
    "ToolRewardError",
    "ToolsError",
    "Verdict",
    "__version__",
    "check_config",
    "parse",
    "score",
    "score_batch",
]
