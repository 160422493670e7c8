"""verl: ``reward.custom_reward_function.path=<this file>`` (or the module), with
``name=compute_score``, ``compute_score_float`` or ``compute_score_batch``.

* ``compute_score(data_source, solution_str, ground_truth, extra_info=None, **kwargs)``
  returns a dict with the SAME keys for every sample (verl breaks when keys
  vary): ``score``, ``format_ok``, ``schema_ok``, ``calls_ok`` (the reward's
  components, ``toolreward.components``: list them in verl's
  ``algorithm.gdpo_reward_keys`` for GDPO) and ``reason_id``.  With
  ``reward_mode="fractional"`` or ``"f1"`` in ``reward_kwargs``, ``score``
  is that partial credit (``preset`` strict) instead of the binary reward.
* ``compute_score_float(...)``: the reward alone, for verl's process-pool
  ("prime") reward manager, which calls positionally and wants a float.
* ``compute_score_batch(data_sources, solution_strs, ground_truths, extra_infos, **kwargs)``:
  a list of those dicts, for verl's batch reward manager.

``ground_truth`` may be a JSON string (Tool-N1 stores it so), a list, or a
numpy array (the parquet round trip).  The preset and options come from
``reward_kwargs`` (verl's ``custom_reward_function.reward_kwargs``), then
from ``extra_info["toolreward"]`` (or ``extra_info`` itself), then
``extra_info["tools"]`` for the tool specs.  Reason codes map to integers by
``toolreward.integrations.common.REASON_IDS`` (``0`` is ``ok``).

>>> compute_score("tool", '<think>r</think><tool_call>[{"name": "f", "arguments": {}}]</tool_call>',
...               '[{"name": "f", "arguments": {}}]')
{'score': 1.0, 'format_ok': 1.0, 'schema_ok': 1.0, 'calls_ok': 1.0, 'reason_id': 0}

Imports are absolute: frameworks may load this file by its path, outside
its package (verl's ``custom_reward_function.path``).
"""

from __future__ import annotations

from typing import Any

from toolreward.components import partial_credit, verdict_components
from toolreward.errors import ConfigError
from toolreward.integrations.common import REASON_IDS, options_from, score_row
from toolreward.options import OPTION_NAMES

_EXTRA_KEYS = frozenset({"preset", "reward_mode", *OPTION_NAMES})


def _settings(extra_info: Any, kwargs: dict[str, Any]) -> tuple[str, dict[str, Any], Any]:
    extra = extra_info if isinstance(extra_info, dict) else {}
    nested = extra.get("toolreward") if isinstance(extra.get("toolreward"), dict) else None
    from_extra = nested or {k: v for k, v in extra.items() if k in _EXTRA_KEYS}
    preset, options = options_from(from_extra, kwargs)
    return preset, options, extra.get("tools")


def compute_score(
    data_source: Any,
    solution_str: str,
    ground_truth: Any,
    extra_info: Any = None,
    **kwargs: Any,
) -> dict[str, Any]:
    """The verdict as a dict with a fixed key set (see module docstring)."""
    preset, options, tools = _settings(extra_info, kwargs)
    mode = options.pop("reward_mode", "binary")
    verdict = score_row(solution_str, ground_truth, tools, preset, options)
    parts = verdict_components(verdict)
    reward = verdict.reward
    if mode != "binary":
        if preset != "strict":
            raise ConfigError(f"reward_mode={mode!r} needs preset 'strict', not {preset!r}")
        reward = partial_credit(
            solution_str, ground_truth, tools=tools, mode=mode, verdict=verdict, **options
        )
    return {
        "score": reward,
        "format_ok": parts["format"],
        "schema_ok": parts["schema"],
        "calls_ok": parts["calls"],
        "reason_id": REASON_IDS[verdict.reason],
    }


def compute_score_float(
    data_source: Any,
    solution_str: str,
    ground_truth: Any,
    extra_info: Any = None,
    **kwargs: Any,
) -> float:
    """The reward alone (for the process-pool reward manager)."""
    return float(
        compute_score(data_source, solution_str, ground_truth, extra_info, **kwargs)["score"]
    )


def compute_score_batch(
    data_sources: list[Any],
    solution_strs: list[str],
    ground_truths: list[Any],
    extra_infos: list[Any] | None = None,
    **kwargs: Any,
) -> list[dict[str, Any]]:
    """``compute_score`` over a batch, in order (for the batch reward manager)."""
    if extra_infos is None:
        extra_infos = [None] * len(solution_strs)
    if not (len(data_sources) == len(solution_strs) == len(ground_truths) == len(extra_infos)):
        raise ValueError(
            f"batch lengths differ: {len(data_sources)} data_sources, {len(solution_strs)} "
            f"solution_strs, {len(ground_truths)} ground_truths, {len(extra_infos)} extra_infos"
        )
    return [
        compute_score(d, s, g, e, **kwargs)
        for d, s, g, e in zip(data_sources, solution_strs, ground_truths, extra_infos)
    ]
