"""Verdict stage: ``score`` and ``score_batch``, the binary reward.

Presets:

* ``strict`` (default): the Tool-N1 format read strictly (``parse``) and the
  calls matched canonically (``toolreward.match``).  Options relax the format.
* ``tool_n1``: the paper's released reward, reproduced (``toolreward.paper``).
* ``bfcl``: BFCL's AST-checker rules on possible answers (``toolreward.bfcl``).

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
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from typing import Any

from .bfcl import check_options as bfcl_options
from .bfcl import score_bfcl
from .errors import ConfigError
from .formats import FORMAT_READERS
from .ground_truth import load_ground_truth
from .match import match_calls
from .options import parse_options
from .paper import check_options, score_paper
from .parse import read_object
from .reasons import OK
from .results import PASS, Verdict
from .schema import check_calls
from .text import as_text, response_bounds
from .tools import load_tools

PRESETS: tuple[str, ...] = ("strict", "tool_n1", "bfcl")


def score(
    completion: str,
    ground_truth: Any,
    *,
    tools: Any = None,
    preset: str = "strict",
    **options: Any,
) -> Verdict:
    """Judge one completion against its ground truth.

    Args:
        completion: the response, or the decoded prompt plus response.
        ground_truth: any shape documented in :mod:`toolreward.ground_truth`.
        tools: OpenAI-style function specs (list or JSON string), or ``None``.
        preset: ``"strict"``, ``"tool_n1"`` or ``"bfcl"``.
        **options: the keywords of :class:`toolreward.options.ParseOptions`.

    Returns:
        A ``Verdict`` whose ``reward`` is exactly 0.0 or 1.0.

    Raises:
        GroundTruthError: the ground truth is malformed.
        ToolsError: the tool specs are malformed.
        ConfigError: unknown preset or option, or a bad option value.
        TypeError: ``completion`` is not a string.
    """
    if not options:
        scorer = _DEFAULT_SCORERS.get(preset)
        if scorer is None:
            scorer = _DEFAULT_SCORERS[preset] = _scorer(preset, {})
    else:
        try:
            scorer = _cached_scorer(preset, tuple(sorted(options.items())))
        except TypeError:  # an unhashable option value: build without the cache
            scorer = _scorer(preset, options)
    return scorer(completion, ground_truth, tools)


Scorer = Callable[[str, Any, Any], Verdict]


def check_config(preset: str = "strict", **options: Any) -> None:
    """Raise ``ConfigError`` now if ``preset`` or ``options`` would be refused by ``score``.

    >>> check_config("strict", think="sometimes")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    toolreward.errors.ConfigError: option think='sometimes': ...
    """
    _scorer(preset, options)


_DEFAULT_SCORERS: dict[str, Scorer] = {}


@lru_cache(maxsize=256)
def _cached_scorer(preset: str, options: tuple[tuple[str, Any], ...]) -> Scorer:
    return _scorer(preset, dict(options))


def _scorer(preset: str, options: dict[str, Any]) -> Scorer:
    if preset == "strict":
        opts = parse_options(options)
        reader = FORMAT_READERS[opts.format]
        check_schema = opts.schema == "check"

        def strict(completion: str, ground_truth: Any, tools: Any) -> Verdict:
            truth = load_ground_truth(ground_truth)
            index = None if tools is None else load_tools(tools)
            if type(completion) is str:
                start, end = response_bounds(completion)
                error, detail, calls, keys, _, _ = reader(completion, start, end, opts)
            else:
                error, detail, calls, keys, _, _ = read_object(completion, opts)
            if error is not None:
                return Verdict(0.0, False, False, error, detail)
            if index is not None and check_schema and calls:
                error, detail = check_calls(calls, index, keys)
                if error != OK:
                    return Verdict(0.0, False, False, error, detail)
            reason, detail = match_calls(calls or [], truth, index, keys)
            if reason == OK:
                return PASS
            return Verdict(0.0, True, False, reason, detail)

        return strict
    if preset == "tool_n1":
        check_options(options)

        def paper(completion: str, ground_truth: Any, tools: Any) -> Verdict:
            truth = load_ground_truth(ground_truth)
            if type(completion) is not str:
                completion = as_text(completion)
            return score_paper(completion, truth)

        return paper
    if preset == "bfcl":
        bfcl_opts = bfcl_options(options)

        def bfcl(completion: str, ground_truth: Any, tools: Any) -> Verdict:
            truth = load_ground_truth(ground_truth)
            if type(completion) is not str:
                completion = as_text(completion)
            return score_bfcl(completion, truth, tools, bfcl_opts)

        return bfcl
    raise ConfigError(f"unknown preset {preset!r}; known presets: {', '.join(PRESETS)}")


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
    scorer = _scorer(preset, options)  # validates preset and options up front
    if workers == 1 or n < 2 * workers:
        if per_sample is None:
            return [scorer(c, g, tools) for c, g in zip(completions, ground_truths)]
        return [scorer(c, g, t) for c, g, t in zip(completions, ground_truths, per_sample)]
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
    completions: list[str],
    ground_truths: list[Any],
    tools: Any,
    per_sample: list[Any] | None,
    preset: str,
    options: dict[str, Any],
) -> list[Verdict]:
    scorer = _scorer(preset, options)
    if per_sample is None:
        return [scorer(c, g, tools) for c, g in zip(completions, ground_truths)]
    return [scorer(c, g, t) for c, g, t in zip(completions, ground_truths, per_sample)]


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
