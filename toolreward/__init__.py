"""toolreward: an exact, strict and fast verifier and binary reward for LLM tool calls.

Two verbs:

* ``parse(text, format="tool_n1", **options) -> Parsed``
* ``score(completion, ground_truth, tools=None, preset="strict", **options) -> Verdict``

>>> from toolreward import score
>>> score('<think>ok</think><tool_call>[{"name": "f", "arguments": {"x": 1}}]</tool_call>',
...       [{"name": "f", "arguments": {"x": 1.0}}]).reward
1.0

How a completion flows through the modules (text -> parse -> canonicalise ->
match -> verdict)::

    completion --text--> response --formats/--> calls --schema--> --match--> Verdict
                                                   ^                 ^
                           tools --tools-----------+  ground_truth --+

* :mod:`.text`: the assistant response inside a decoded completion
  (chat markers, end tokens); every literal tag lives in :mod:`.tags`;
* :mod:`.formats`: one reader per tool-call format; the rules they share live
  once each: the think block (``think``), what may follow the calls
  (``tail``), call objects (``objects``), source-text scans (``scan``);
* :mod:`.jsonio`: strict and lenient JSON; :mod:`.calls`: ``ToolCall``;
* :mod:`.canonical`: canonical values and the first difference of two values;
* :mod:`.ground_truth` and :mod:`.tools`: the references, validated and cached;
* :mod:`.schema`: each call against its tool's JSON Schema;
* :mod:`.match` and :mod:`.pairing`: calls against the ground truth;
* :mod:`.presets`: the rule sets (``strict``, ``tool_n1``; ``bfcl`` in
  :mod:`.bfcl`), one module each, registered in one table;
* :mod:`.verdict`: ``score`` and ``score_batch``; :mod:`.parse`: ``parse``;
* :mod:`.results`, :mod:`.reasons`, :mod:`.options`, :mod:`.errors`: the
  result types and check convention, reason codes, options and errors;
* :mod:`.records`: input records to verdict records (CLI and server);
  :mod:`.cli` and :mod:`.server`: the two front ends;
* :mod:`.integrations`: TRL, verl and OpenRLHF adapters;
  :mod:`.grpo`: the reference trainer; :mod:`.prompts`: the Tool-N1 prompt.
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
