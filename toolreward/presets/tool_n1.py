"""Preset ``tool_n1``: the released reward of the Tool-N1 paper (``compute_score_v0``).

Use it to reproduce the paper.  Its rules, which differ from ``strict``
(``docs/reward.md`` lists each difference with an example):

1. take the text from the LAST ``<|im_start|>assistant`` on (the Llama-3
   marker is not recognised, and end tokens are not stripped);
2. the think check passes when the substrings ``<think>`` and ``</think>``
   both occur anywhere in that text;
3. parse the LAST ``<tool_call>...</tool_call>`` block (leftmost, shortest
   matches, as ``re.finditer(r"<tool_call>(.*?)</tool_call>", re.S)``
   finds them), stripped, with Python's lenient ``json.loads`` rules; a JSON
   string payload is decoded once more; a dict is wrapped into a list;
4. every item must be an object with the keys ``name`` and ``arguments``
   (other keys are ignored);
5. reward 1 iff the multisets of ``(name, json.dumps(arguments,
   sort_keys=True))`` are equal, so ``1 != 1.0``; an empty list matches only
   an empty list.

Where the original raises (a scalar payload such as ``<tool_call>5</tool_call>``,
or inputs ``json.loads`` rejects with something other than ``JSONDecodeError``),
this preset returns 0 with a reason code.  The block scan uses ``str.find``
instead of a lazy regex, so it is linear where the original is quadratic.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from .. import reasons as R
from ..calls import ToolCall
from ..canonical import first_difference, kind, typed_key
from ..errors import ConfigError, GroundTruthError
from ..ground_truth import GroundTruth
from ..jsonio import lenient_loads
from ..match import describe, explain_mismatch, same_multiset, typed_gold
from ..native import tool_n1_judge as _native_judge
from ..results import PASS, Verdict
from ..tags import CLOSE_CALL, CLOSE_THINK, OPEN_CALL, OPEN_THINK, QWEN_ASSISTANT
from ..text import as_text
from .base import Preset, Scorer


def build(options: dict[str, Any]) -> Scorer:
    """The paper's reward has no knobs; any option but ``format="tool_n1"`` is a ``ConfigError``."""
    extra = {k: v for k, v in options.items() if not (k == "format" and v == "tool_n1")}
    if extra:
        raise ConfigError(
            f"preset 'tool_n1' reproduces the paper's reward and takes no options; got "
            f"{', '.join(sorted(extra))} (use preset='strict' to relax or tighten the format)"
        )
    return score_paper


def last_block(text: str) -> tuple[int, int] | None:
    """Content bounds of the last ``<tool_call>...</tool_call>`` match, in linear time.

    Matches are found left to right, each from an opening tag to the first
    closing tag after it; an opening tag with no closing tag after it ends
    the scan (no later one can have a closing tag either).
    """
    found = None
    pos = 0
    find = text.find
    while True:
        start = find(OPEN_CALL, pos)
        if start == -1:
            return found
        close = find(CLOSE_CALL, start + len(OPEN_CALL))
        if close == -1:
            return found
        found = (start + len(OPEN_CALL), close)
        pos = close + len(CLOSE_CALL)


def _fail(reason: str, detail: str, format_ok: bool = False) -> Verdict:
    return Verdict(0.0, format_ok, False, reason, detail)


def score_paper(completion: Any, truth: GroundTruth, tools: Any = None) -> Verdict:
    """Score one completion with the paper's rules (see module docstring); ``tools`` are ignored."""
    if type(completion) is not str:
        completion = as_text(completion)
    if truth.possible is not None:
        raise GroundTruthError(
            "preset 'tool_n1' compares exact calls; possible-answer ground truth needs "
            "preset 'strict' (or 'bfcl')"
        )
    # The compiled core proves a correct answer, or a valid response with wrong calls
    # (explained by ``judge_paper`` when read), or says nothing (toolreward.native); it
    # repeats the rules of ``judge_paper`` (tool_n1_judge), pinned equal by
    # tests/test_native.py.
    if _native_judge is not None:
        proof = _native_judge(completion, typed_gold(truth)[0])
        if proof is True:
            return PASS
        if proof is False:
            return Verdict.unexplained(0.0, True, False, partial(judge_paper, completion, truth))
    return judge_paper(completion, truth)


def judge_paper(completion: str, truth: GroundTruth) -> Verdict:
    """``score_paper`` in pure Python, for a string completion and an exact ground truth."""
    marker = completion.rfind(QWEN_ASSISTANT)
    text = completion[marker:] if marker != -1 else completion
    bounds = last_block(text)
    if bounds is None:
        return _fail(R.MISSING_TOOL_CALL, "no <tool_call>...</tool_call> block")
    value, reason, message = lenient_loads(text[bounds[0] : bounds[1]].strip())
    if reason is not None:
        return _fail(R.INVALID_JSON, f"last block: {message}")
    if type(value) is str:
        value, reason, message = lenient_loads(value)
        if reason is not None:
            return _fail(R.INVALID_JSON, f"last block (string payload): {message}")
    if value is None:
        return _fail(R.PAYLOAD_NOT_LIST, "payload is null")
    if OPEN_THINK not in text or CLOSE_THINK not in text:
        return _fail(R.MISSING_THINK, "<think> and </think> must both appear")
    if type(value) is dict:
        value = [value]
    if type(value) is not list:
        return _fail(R.PAYLOAD_NOT_LIST, f"payload is a {kind(value)}, not a list of calls")
    bad_name = -1  # reported after the count check, as the original's order gives
    for i, item in enumerate(value):
        if type(item) is not dict:
            return _fail(R.CALL_NOT_OBJECT, f"call [{i}] is a {kind(item)}, not an object")
        if "name" not in item or "arguments" not in item:
            return _fail(R.BAD_CALL_KEYS, f"call [{i}] lacks 'name' or 'arguments'")
        # The original's Counter raises TypeError (and scores 0) on an
        # unhashable name; a non-string name can never equal a gold name.
        if bad_name < 0 and type(item["name"]) is not str:
            bad_name = i
    gold = truth.calls or ()
    if len(value) != len(gold):
        return _fail(R.CALL_COUNT_MISMATCH, f"expected {len(gold)} call(s), got {len(value)}", True)
    if not value:
        return PASS
    if bad_name >= 0:
        name = value[bad_name]["name"]
        return _fail(R.BAD_NAME, f"call [{bad_name}] name is a {kind(name)}", True)
    gold_keys, gold_counts = typed_gold(truth)
    pred_keys = [(item["name"], typed_key(item["arguments"])) for item in value]
    if (len(pred_keys) == 1 and pred_keys[0] == gold_keys[0]) or same_multiset(
        pred_keys, gold_counts
    ):
        return PASS
    pred = [ToolCall(item["name"], item["arguments"]) for item in value]
    reason, detail = explain_mismatch(
        pred,
        pred_keys,
        list(gold),
        gold_keys,
        lambda g, p: describe(
            g.name, first_difference(g.arguments, p.arguments, "arguments", _typed_equal)
        ),
    )
    return _fail(reason, detail, True)


def _typed_equal(a: Any, b: Any) -> bool:
    return typed_key(a) == typed_key(b)


PRESET = Preset("tool_n1", "the paper's released reward (compute_score_v0), reproduced", build)
