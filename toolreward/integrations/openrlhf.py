"""OpenRLHF: ``--reward.remote_url toolreward/integrations/openrlhf.py`` (or the reward server).

``reward_func(queries, prompts, labels, **kwargs)`` returns
``{"rewards": Tensor, "scores": Tensor, "extra_logs": {...}}``.  ``queries``
are prompt plus response, decoded with special tokens; each is cut at the
response before scoring: after its prompt (``query[len(prompt):]``) when the
query starts with it, else after the last assistant marker
(``includes_prompt=True``).  ``labels`` are the ground
truths.  Preset and options may be passed as keywords (``preset=``,
``think=``, ...).  ``extra_logs`` holds ``format_ok`` and ``calls_ok``
(tensors) and the share of every reason code.

torch is imported only when this function runs; without torch the values
are plain lists (the reward server uses that form).
"""

from __future__ import annotations

from typing import Any

from ..records import reason_shares
from .common import options_from, score_row


def response_of(query: str, prompt: str | None) -> tuple[str, bool]:
    """``(text, includes_prompt)`` for one OpenRLHF query (prompt plus response).

    When the query starts with its prompt, the rest is the response alone;
    otherwise the whole query is scored with ``includes_prompt=True`` (the
    response starts after the last assistant marker).
    """
    if prompt and query.startswith(prompt):
        return query[len(prompt) :], False
    return query, True


def reward_values(
    queries: list[str], prompts: list[str] | None, labels: list[Any], **kwargs: Any
) -> dict[str, Any]:
    """The result of ``reward_func`` with plain lists instead of tensors."""
    if prompts is None:
        prompts = [""] * len(queries)
    if not (len(queries) == len(prompts) == len(labels)):
        counts = f"{len(queries)} queries, {len(prompts)} prompts and {len(labels)} labels"
        raise ValueError(f"{counts} differ in length")
    tools = kwargs.pop("tools", None)
    preset, options = options_from(kwargs)
    # The paper's preset cuts at the last assistant marker by its own rule.
    with_prompt = options if preset == "tool_n1" else {**options, "includes_prompt": True}
    verdicts = []
    for query, prompt, label in zip(queries, prompts, labels):
        text, includes_prompt = response_of(query, prompt)
        row_options = with_prompt if includes_prompt else options
        verdicts.append(score_row(text, label, tools, preset, row_options))
    rewards = [v.reward for v in verdicts]
    logs: dict[str, Any] = {
        "format_ok": [float(v.format_ok) for v in verdicts],
        "calls_ok": [float(v.calls_ok) for v in verdicts],
    }
    for reason, share in reason_shares(v.reason for v in verdicts).items():
        logs[f"reason/{reason}"] = share
    return {"rewards": rewards, "scores": list(rewards), "extra_logs": logs}


def reward_func(
    queries: list[str], prompts: list[str], labels: list[Any], **kwargs: Any
) -> dict[str, Any]:
    """OpenRLHF's reward function contract (see module docstring)."""
    values = reward_values(queries, prompts, labels, **kwargs)
    try:
        import torch
    except ImportError:
        return values
    logs = {
        k: torch.tensor(v, dtype=torch.float32) if isinstance(v, list) else v
        for k, v in values["extra_logs"].items()
    }
    return {
        "rewards": torch.tensor(values["rewards"], dtype=torch.float32),
        "scores": torch.tensor(values["scores"], dtype=torch.float32),
        "extra_logs": logs,
    }
