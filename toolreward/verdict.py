"""Verdict stage: ``score`` and ``score_batch``, the binary reward.

The preset names a rule set from the table in ``toolreward.presets``
(``strict``, ``tool_n1``, ``bfcl``); its scorer is built once per preset and
options, and kept.

>>> gt = '[{"name": "get_weather", "arguments": {"city": "Paris"}}]'
>>> score('<think>Paris.</think><tool_call>[{"name": "get_weather", '
...       '"arguments": {"city": "Paris"}}]</tool_call>', gt).reward
1.0
>>> v = score('<think>x</think><tool_call>[{"name": "get_weather", '
...           '"arguments": {"city": "Rome"}}]</tool_call>', gt)
>>> v.reason, v.detail
('wrong_argument_value', 'get_weather: arguments.city: expected "Paris", got "Rome"')
"""

from __future__ import annotations

import atexit
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from typing import Any

from .errors import ConfigError
from .ground_truth import load_ground_truth
from .presets import PRESETS, Scorer
from .results import Verdict, deliverable


def score(
    completion: str | dict[str, Any] | list[Any],
    ground_truth: Any,
    *,
    tools: Any = None,
    preset: str = "strict",
    **options: Any,
) -> Verdict:
    """Judge one completion against its ground truth.

    Args:
        completion: the response alone, or, with ``includes_prompt=True``,
            the decoded prompt plus response.
        ground_truth: any shape documented in :mod:`toolreward.ground_truth`.
        tools: OpenAI-style function specs (list or JSON string), or ``None``.
        preset: a name in ``toolreward.PRESETS``: ``"strict"``, ``"tool_n1"`` or ``"bfcl"``.
        **options: the keywords of :class:`toolreward.options.ParseOptions`.

    Returns:
        A ``Verdict`` whose ``reward`` is exactly 0.0 or 1.0.

    Raises:
        GroundTruthError: the ground truth is malformed.
        ToolsError: the tool specs are malformed.
        ConfigError: unknown preset or option, or a bad option value.
        TypeError: ``completion`` is not a string.
    """
    scorer = _DEFAULT_SCORERS.get(preset) if not options else None
    if scorer is None:
        scorer = scorer_for(preset, options)
    # deliverable: the detail may echo a lone surrogate
    return deliverable(scorer(completion, load_ground_truth(ground_truth), tools))


def check_config(preset: str = "strict", **options: Any) -> None:
    """Raise ``ConfigError`` now if ``preset`` or ``options`` would be refused by ``score``.

    >>> check_config("strict", think="sometimes")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    toolreward.errors.ConfigError: option think='sometimes': ...
    """
    build_scorer(preset, options)


def build_scorer(preset: str, options: dict[str, Any]) -> Scorer:
    """A new scorer for ``preset`` and ``options`` (``ConfigError`` if refused)."""
    spec = PRESETS.get(preset) if isinstance(preset, str) else None
    if spec is None:
        raise ConfigError(f"unknown preset {preset!r}; known presets: {', '.join(PRESETS)}")
    return spec.build(options)


def scorer_for(preset: str, options: dict[str, Any]) -> Scorer:
    """The kept scorer for ``preset`` and ``options``, built on first use."""
    if not options:
        scorer = _DEFAULT_SCORERS.get(preset)
        if scorer is None:
            scorer = _DEFAULT_SCORERS[preset] = build_scorer(preset, {})
        return scorer
    try:
        return _cached_scorer(preset, tuple(sorted(options.items())))
    except TypeError:  # an unhashable option value: build without the cache
        return build_scorer(preset, options)


_DEFAULT_SCORERS: dict[str, Scorer] = {}


@lru_cache(maxsize=256)
def _cached_scorer(preset: str, options: tuple[tuple[str, Any], ...]) -> Scorer:
    return build_scorer(preset, dict(options))


def score_batch(
    completions: Sequence[str],
    ground_truths: Sequence[Any],
    *,
    tools: Any = None,
    preset: str = "strict",
    workers: int = 1,
    **options: Any,
) -> list[Verdict]:
    """Score many completions; the result keeps the input order.

    ``tools`` is either one tool list shared by every completion, or a
    sequence holding one tool list (or ``None``) per completion.
    ``workers > 1`` scores in that many processes, from a pool kept for later
    calls (so a training loop pays the start-up once).
    """
    n = len(completions)
    if len(ground_truths) != n:
        raise ValueError(f"{n} completions but {len(ground_truths)} ground truths")
    if not isinstance(workers, int) or workers < 1:
        raise ConfigError(f"workers={workers!r}: expected a positive integer")
    per_sample = _per_sample_tools(tools, n)
    scorer_for(preset, options)  # validates preset and options up front
    if workers == 1 or n < 2 * workers:
        return _score_chunk(completions, ground_truths, tools, per_sample, preset, options)
    chunk = max(1, -(-n // (workers * 4)))
    pool = _pool(workers)
    jobs = []
    for lo in range(0, n, chunk):
        hi = min(n, lo + chunk)
        jobs.append(
            pool.submit(
                _score_chunk,
                list(completions[lo:hi]),
                list(ground_truths[lo:hi]),
                tools if per_sample is None else None,
                None if per_sample is None else list(per_sample[lo:hi]),
                preset,
                options,
            )
        )
    out: list[Verdict] = []
    for job in jobs:
        out.extend(job.result())
    return out


_POOLS: dict[int, ProcessPoolExecutor] = {}


def _pool(workers: int) -> ProcessPoolExecutor:
    """A process pool kept across calls: an RL loop scores every step, and the
    workers' caches (parsed ground truths, compiled schemas) stay warm."""
    pool = _POOLS.get(workers)
    if pool is None:
        pool = _POOLS[workers] = ProcessPoolExecutor(max_workers=workers)
        if len(_POOLS) == 1:
            atexit.register(_close_pools)
    return pool


def _close_pools() -> None:
    for pool in _POOLS.values():
        pool.shutdown(cancel_futures=True)
    _POOLS.clear()


def _score_chunk(
    completions: Sequence[str],
    ground_truths: Sequence[Any],
    tools: Any,
    per_sample: Sequence[Any] | None,
    preset: str,
    options: dict[str, Any],
) -> list[Verdict]:
    scorer = scorer_for(preset, options)
    if per_sample is None:
        per_sample = [tools] * len(completions)
    return [
        deliverable(scorer(c, load_ground_truth(g), t))
        for c, g, t in zip(completions, ground_truths, per_sample)
    ]


def _per_sample_tools(tools: Any, n: int) -> Sequence[Any] | None:
    """Return per-sample tool lists when ``tools`` is one list per completion."""
    if tools is None or isinstance(tools, str) or not isinstance(tools, Sequence):
        return None
    if len(tools) != n or n == 0:
        return None
    if all(t is None or isinstance(t, list) for t in tools):
        return tools
    # A list of JSON strings, each an array of specs (one per completion).
    if all(isinstance(t, str) and t.lstrip().startswith("[") for t in tools):
        return tools
    return None
