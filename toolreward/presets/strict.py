"""Preset ``strict`` (the default): the Tool-N1 format read strictly, the calls matched canonically.

The completion is read by the configured format reader (``toolreward.formats``);
with ``tools``, the raw-text values of ``qwen3_xml`` and ``glm`` are typed
through the tool's schema (``toolreward.formats.raw_values``), and each
call is checked against its tool's JSON Schema
(``toolreward.schema``, unless ``schema="off"``); then the calls are matched
with the ground truth (``toolreward.match``).  Every option of
``toolreward.options.ParseOptions`` applies.

>>> from toolreward.ground_truth import load_ground_truth
>>> scorer = build({})
>>> truth = load_ground_truth('[{"name": "f", "arguments": {"a": 1}}]')
>>> scorer('<think>r</think><tool_call>[{"name": "f", "arguments": {"a": 1.0}}]</tool_call>',
...        truth, None).reward
1.0
"""

from __future__ import annotations

from functools import partial
from typing import Any

from ..canonical import typed_key
from ..formats import FORMAT_READERS
from ..formats.auto import detect
from ..formats.raw_values import RAW_VALUE_FORMATS, type_arguments
from ..ground_truth import GroundTruth
from ..match import canonical_gold, match_calls
from ..native import strict_judge
from ..options import ParseOptions, parse_options
from ..parse import read_object
from ..results import PASS, Verdict
from ..schema import check_calls
from ..text import locate_response
from ..tools import load_tools
from .base import Preset, Scorer


def build(options: dict[str, Any]) -> Scorer:
    """The strict scorer for these options (``ConfigError`` on a bad one)."""
    opts = parse_options(options)
    reader = FORMAT_READERS[opts.format]
    check_schema = opts.schema == "check"
    raw_values = opts.format in RAW_VALUE_FORMATS or opts.format == "auto"
    includes_prompt = opts.includes_prompt

    def strict(completion: Any, truth: GroundTruth, tools: Any) -> Verdict:
        index = None if tools is None else load_tools(tools)
        if type(completion) is str:
            start, end, stray = locate_response(completion, includes_prompt)
            if stray is not None:
                return Verdict(0.0, False, False, stray[0], stray[1])
            error, detail, calls, keys, _, _ = reader(completion, start, end, opts)
        else:
            error, detail, calls, keys, _, _ = read_object(completion, opts)
        if error is not None:
            return Verdict(0.0, False, False, error, detail)
        if raw_values and calls and index is not None and _raw(completion, opts.format):
            calls = type_arguments(calls, index)
            keys = [typed_key(c.arguments) for c in calls]
        if index is not None and check_schema and calls:
            failure = check_calls(calls, index, keys)
            if failure is not None:
                return Verdict(0.0, False, False, failure[0], failure[1])
        failure = match_calls(calls or [], truth, index, keys)
        if failure is None:
            return PASS
        return Verdict(0.0, True, False, failure[0], failure[1])

    native = strict_judge if opts == ParseOptions() else None
    if native is None:
        return strict

    def strict_native(completion: Any, truth: GroundTruth, tools: Any) -> Verdict:
        # The compiled core proves a correct answer, or a valid response with wrong
        # calls (explained by ``strict`` when read), or says nothing (toolreward.native).
        if tools is None and type(completion) is str and truth.possible is None:
            gold = canonical_gold(truth)
            if gold is not None:
                proof = native(completion, gold)
                if proof is True:
                    return PASS
                if proof is False:
                    return Verdict.unexplained(
                        0.0, True, False, partial(strict, completion, truth, None)
                    )
        return strict(completion, truth, tools)

    return strict_native


def _raw(completion: Any, name: str) -> bool:
    """Whether the calls were read in a format of raw-text values (``auto``: as detected)."""
    if name != "auto":
        return True
    if type(completion) is not str:
        return False
    return detect(completion, 0, len(completion)) in RAW_VALUE_FORMATS


PRESET = Preset(
    "strict",
    "the format read strictly (options relax it), calls matched canonically",
    build,
)
