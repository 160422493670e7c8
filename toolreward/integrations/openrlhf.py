"""OpenRLHF: ``--reward.remote_url toolreward/integrations/openrlhf.py`` (or the reward server).

``reward_func(queries, prompts, labels, **kwargs)`` returns
``{"rewards": Tensor, "scores": Tensor, "extra_logs": {...}}``.  ``queries``
are prompt plus response, decoded with special tokens; each is cut at the
response before scoring: after its prompt (``query[len(prompt):]``) when the
query starts with it, else after the last assistant marker
(``includes_prompt=True``).  ``labels`` are the ground
truths.  Preset and options may be passed as keywords (``preset=``,
``think=``, ...).  ``extra_logs`` holds per-sample tensors with the same
keys on every call: the reward's components ``format_ok``, ``schema_ok`` and
``calls_ok`` (``toolreward.components``) and ``reason/<code>`` (1 for
the sample's reason, else 0) for every code of ``toolreward.REASONS``, so
that OpenRLHF can concatenate the logs of single-sample calls; the mean of
``reason/<code>`` is that reason's share.

torch is imported only when this function runs; without torch the values
are plain lists (the reward server uses that form).

Imports are absolute: frameworks load this file by its path, outside its
package (OpenRLHF's ``--reward.remote_url file.py``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from typing import Any

from toolreward.components import COMPONENTS, verdict_components
from toolreward.errors import ToolRewardError
from toolreward.integrations.common import options_from, score_row
from toolreward.reasons import REASONS
from toolreward.results import Verdict, internal_error

LOG = logging.getLogger("toolreward")


def response_of(query: str, prompt: str | None) -> tuple[str, bool]:
    """``(text, includes_prompt)`` for one OpenRLHF query (prompt plus response).

    When the query starts with its prompt, the rest is the response alone;
    otherwise the whole query is scored with ``includes_prompt=True`` (the
    response starts after the last assistant marker).
    """
    if prompt and query.startswith(prompt):
        return query[len(prompt) :], False
    return query, True


def score_queries(
    queries: list[str],
    prompts: Sequence[str | None] | None,
    labels: list[Any],
    *,
    contain_errors: bool = False,
    deadline: float | None = None,
    **kwargs: Any,
) -> list[Verdict]:
    """One verdict per query (see ``reward_values`` for the keywords).

    A label or tool list the scorer refuses raises its ``ToolRewardError``
    with the sample's index.  With ``contain_errors`` any other exception
    becomes that sample's ``internal_error`` verdict (logged) and the rest
    are scored; past ``deadline`` (``time.time()``) a ``TimeoutError`` stops
    the work between samples.
    """
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
    for i, (query, prompt, label) in enumerate(zip(queries, prompts, labels)):
        if deadline is not None and time.time() > deadline:
            raise TimeoutError(f"stopped at sample {i} of {len(queries)}: past the deadline")
        text, includes_prompt = response_of(query, prompt)
        row_options = with_prompt if includes_prompt else options
        try:
            verdicts.append(score_row(text, label, tools, preset, row_options))
        except ToolRewardError as exc:
            raise type(exc)(f"sample {i}: {exc}") from None
        except Exception as exc:
            if not contain_errors:
                raise
            LOG.exception("scoring sample %d raised", i)
            verdicts.append(internal_error(exc))
    return verdicts


def reward_values(
    queries: list[str],
    prompts: Sequence[str | None] | None,
    labels: list[Any],
    *,
    contain_errors: bool = False,
    deadline: float | None = None,
    **kwargs: Any,
) -> dict[str, Any]:
    """The result of ``reward_func`` with plain lists instead of tensors.

    ``kwargs`` are ``tools=``, ``preset=`` and ``score()`` options;
    ``contain_errors`` and ``deadline`` are as in ``score_queries`` (the
    reward server sets them).
    """
    verdicts = score_queries(
        queries, prompts, labels, contain_errors=contain_errors, deadline=deadline, **kwargs
    )
    rewards = [v.reward for v in verdicts]
    parts = [verdict_components(v) for v in verdicts]
    logs: dict[str, Any] = {f"{name}_ok": [p[name] for p in parts] for name in COMPONENTS}
    # One 0/1 value per sample for EVERY reason code: OpenRLHF scores one
    # sample per call and concatenates the logs, so the keys and lengths must
    # never depend on the batch.  The mean of a key is that reason's share.
    for code in REASONS:
        logs[f"reason/{code}"] = [float(v.reason == code) for v in verdicts]
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
