"""TRL: ``GRPOTrainer(reward_funcs=[ToolCallReward(...)])``.

``ToolCallReward(preset="strict", ground_truth_key="ground_truth", tools_key="tools",
name="toolreward", **options)`` is a picklable callable with a stable
``__name__`` (``name``; give each instance its own when you use several).  TRL
calls it with keywords: ``prompts``, ``completions``, ``completion_ids``, the
dataset columns (one list per column), ``trainer_state``, ``log_extra`` and
``log_metric``.  It returns ``list[float | None]``: ``None`` for a row whose
ground truth is ``None``.

Completions may be

* strings (standard format);
* conversations ``[{"role": "assistant", "content": ...}, ...]``: the
  contents of the FIRST assistant turn (the assistant messages before the
  first tool or user message) are joined and read as text;
* TRL's structured messages when it runs with ``tools=``: the think and
  tool_call tags are gone from ``content``, the reasoning is in
  ``reasoning_content`` and the calls in ``tool_calls`` (dict arguments).
  Those fields are scored (format ``openai``; the ``think`` rule applies to
  ``reasoning_content``; text left in ``content`` is surrounding text).

With tool execution (TRL's ``tools=``), a completion goes on after the
calls: the tool results, then the model's next turn.  Only the first
assistant turn is scored, the turn a single-step ground truth labels; what
the model says after the tool results never changes the reward.

When TRL passes ``log_metric``, the share of every reason code in the batch
is logged as ``<name>/<reason>``, with the share of each component of the
reward as ``<name>/format_ok``, ``<name>/schema_ok`` and ``<name>/calls_ok``
(``toolreward.components``); when it passes
``log_extra``, each row's reason goes to the ``<name>_reason`` column of the
completions table.  ``AsyncToolCallReward`` is the same reward as a coroutine (for TRL's
async reward functions), scored off the event loop.

Imports are absolute: frameworks may load this file by its path, outside
its package (verl's ``custom_reward_function.path``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Any

from toolreward.components import COMPONENTS, verdict_components
from toolreward.integrations.common import score_row
from toolreward.records import reason_shares
from toolreward.results import Verdict
from toolreward.verdict import check_config

_STRUCTURED_KEYS = ("tool_calls", "reasoning_content")


class ToolCallReward:
    """A TRL reward function (see module docstring)."""

    __name__ = "toolreward"

    def __init__(
        self,
        preset: str = "strict",
        ground_truth_key: str = "ground_truth",
        tools_key: str = "tools",
        name: str = "toolreward",
        **options: Any,
    ) -> None:
        self.__name__ = name
        self.preset = preset
        self.ground_truth_key = ground_truth_key
        self.tools_key = tools_key
        self.options = options
        check_config(preset, **options)  # fail at construction, not at the first step

    def __call__(
        self,
        prompts: Sequence[Any] | None = None,
        completions: Sequence[Any] | None = None,
        completion_ids: Any = None,
        **kwargs: Any,
    ) -> list[float | None]:
        verdicts = self.verdicts(completions or [], kwargs)
        rewards = [None if v is None else v.reward for v in verdicts]
        _log(self.__name__, verdicts, kwargs.get("log_metric"), kwargs.get("log_extra"))
        return rewards

    def verdicts(self, completions: Sequence[Any], columns: dict[str, Any]) -> list[Verdict | None]:
        """One verdict per completion (``None`` where the ground truth is ``None``)."""
        if self.ground_truth_key not in columns:
            raise KeyError(
                f"ToolCallReward: the dataset has no {self.ground_truth_key!r} column "
                f"(columns passed: {sorted(k for k in columns if k not in _TRL_KEYS)})"
            )
        truths = columns[self.ground_truth_key]
        tools = columns.get(self.tools_key) or [None] * len(completions)
        if len(truths) != len(completions) or len(tools) != len(completions):
            raise ValueError(
                f"ToolCallReward: {len(completions)} completions, {len(truths)} ground truths, "
                f"{len(tools)} tool lists"
            )
        out: list[Verdict | None] = []
        for completion, truth, tool_list in zip(completions, truths, tools):
            if truth is None:
                out.append(None)
                continue
            text_or_message, options = self._input(completion)
            out.append(score_row(text_or_message, truth, tool_list, self.preset, options))
        return out

    def _input(self, completion: Any) -> tuple[Any, dict[str, Any]]:
        if isinstance(completion, str):
            return completion, self.options
        messages = first_turn(completion)
        if any(key in m for m in messages for key in _STRUCTURED_KEYS):
            message = _merge(messages)
            return message, {**_message_options(self.options), "format": "openai"}
        text = "".join(m.get("content") or "" for m in messages)
        return text, self.options

    def __repr__(self) -> str:
        opts = "".join(f", {k}={v!r}" for k, v in self.options.items())
        return f"ToolCallReward(preset={self.preset!r}{opts})"


class AsyncToolCallReward(ToolCallReward):
    """``ToolCallReward`` as a coroutine: scoring runs in a worker thread."""

    __name__ = "toolreward"

    async def __call__(  # type: ignore[override]
        self,
        prompts: Sequence[Any] | None = None,
        completions: Sequence[Any] | None = None,
        completion_ids: Any = None,
        **kwargs: Any,
    ) -> list[float | None]:
        sync = ToolCallReward.__call__
        return await asyncio.to_thread(sync, self, prompts, completions, completion_ids, **kwargs)


_TRL_KEYS = {"trainer_state", "log_extra", "log_metric", "prompts", "completions", "completion_ids"}


def _message_options(options: dict[str, Any]) -> dict[str, Any]:
    # A structured message carries no tags: format-specific text options do not apply.
    drop = {"format", "think_prefilled", "allow_parameters_key"}
    think = options.get("think")
    out = {k: v for k, v in options.items() if k not in drop}
    if think is None and options.get("format", "tool_n1") == "tool_n1":
        out["think"] = "required"  # the tool_n1 format requires its reasoning
    return out


def first_turn(messages: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The assistant messages before the first message of another role.

    With tool execution, TRL's completion continues after the calls: the tool
    results, then the model's next turn.  A single-step ground truth labels
    the first turn only, so the rest is not scored (and cannot cost a
    correct trajectory its reward).
    """
    turn = []
    for message in messages:
        if message.get("role", "assistant") != "assistant":
            break
        turn.append(message)
    return turn


def _merge(messages: list[dict[str, Any]]) -> dict[str, Any]:
    """One assistant message from several (tool calls and reasoning concatenated)."""
    if len(messages) == 1:
        return {k: v for k, v in messages[0].items() if k != "role"} | {"role": "assistant"}
    reasoning = [m["reasoning_content"] for m in messages if m.get("reasoning_content")]
    calls = [c for m in messages for c in (m.get("tool_calls") or [])]
    content = "".join(m.get("content") or "" for m in messages)
    merged: dict[str, Any] = {"role": "assistant", "content": content, "tool_calls": calls}
    if reasoning:
        merged["reasoning_content"] = "\n".join(reasoning)
    return merged


def _log(
    prefix: str,
    verdicts: list[Verdict | None],
    log_metric: Callable[[str, float], Any] | None,
    log_extra: Callable[[str, list[Any]], Any] | None,
) -> None:
    scored = [v for v in verdicts if v is not None]
    if log_metric is not None and scored:
        for reason, share in reason_shares(v.reason for v in scored).items():
            log_metric(f"{prefix}/{reason}", share)
        parts = [verdict_components(v) for v in scored]
        for name in COMPONENTS:  # the reward's components, as GDPO separates them
            log_metric(f"{prefix}/{name}_ok", sum(p[name] for p in parts) / len(parts))
    if log_extra is not None:
        log_extra(f"{prefix}_reason", [None if v is None else v.reason for v in verdicts])
