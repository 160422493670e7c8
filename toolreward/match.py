"""Match stage: are the predicted calls functionally the ground truth's calls?

Rules (``strict``):

* calls form a multiset: order does not matter, duplicates count;
* names are compared as exact strings;
* arguments must have the same key set and canonically equal values
  (:mod:`toolreward.canonical`);
* with tool specs, an argument omitted on one side and equal to the
  declared default on the other counts as equal;
* with possible-answer ground truth, a value matches if it equals any allowed
  value, and an argument whose allowed values include ``""`` may be omitted;
  ``""`` itself is only that marker, never a value a call may pass (the
  ``bfcl`` preset keeps BFCL's rule, which accepts it);
* an allowed value that is a dict of allowed-value lists (BFCL's nested
  possible answers) is met key by key (``nested_fits``).
  Calls are paired by maximum bipartite matching, so a valid permutation is
  never rejected because a greedy pairing went wrong.

``match_calls`` returns ``None`` on a match, else a ``Failure``: the reason
code of the first difference and one line naming it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from . import reasons as R
from .calls import ToolCall
from .canonical import canon, canon_key, first_difference, kind, render
from .ground_truth import GroundTruth, PossibleCall
from .pairing import max_matching, pair_calls
from .results import Failure
from .tools import ToolIndex


def strict_key(call: ToolCall, tools: ToolIndex | None) -> tuple[str, Any]:
    """Canonical key of a call, with arguments equal to their declared default dropped."""
    key = call.canonical()
    if tools is not None:
        defaults = tools.defaults.get(call.name)
        if defaults:
            key = (
                key[0],
                frozenset(p for p in key[1] if p[0] not in defaults or defaults[p[0]] != p[1]),
            )
    return key


def counts(items: Any) -> dict[Any, int]:
    """Multiplicities of hashable items, as a plain dict."""
    out: dict[Any, int] = {}
    for x in items:
        out[x] = out.get(x, 0) + 1
    return out


def same_multiset(items: Sequence[Any], expected: dict[Any, int]) -> bool:
    """True when ``items`` (already as many as ``expected`` holds) has those counts."""
    if len(items) == 1:
        return expected.get(items[0]) == 1
    left = dict(expected)
    for x in items:
        n = left.get(x)
        if not n:
            return False
        left[x] = n - 1
    return True


def typed_gold(truth: GroundTruth) -> tuple[list[tuple[str, bytes | str]], dict[Any, int]]:
    """The ground truth's ``(name, typed key)`` per call and their counts, computed once
    per ground truth (the paper's equality; see ``canonical.typed_key``)."""
    memo = truth.memo.get("typed")
    if memo is None:
        keys = [(c.name, c.typed_key()) for c in truth.calls or ()]
        memo = truth.memo["typed"] = (keys, counts(keys))
    return memo


def canonical_gold(truth: GroundTruth) -> list[tuple[str, bytes]] | None:
    """The ground truth's ``(name, canonical key)`` per call (``canonical.canon_key``),
    computed once per ground truth; ``None`` when a key cannot be written."""
    memo = truth.memo.get("canonical", False)
    if memo is False:
        pairs = [(c.name, canon_key(c.arguments)) for c in truth.calls or ()]
        memo = truth.memo["canonical"] = None if any(k is None for _, k in pairs) else pairs
    return memo


def match_calls(
    pred: list[ToolCall],
    truth: GroundTruth,
    tools: ToolIndex | None,
    typed_keys: list[bytes | str] | None = None,
) -> Failure | None:
    """Compare predicted calls with a ground truth under the strict rules.

    ``typed_keys`` (the readers compute them) enable a fast path: calls whose
    names and typed keys match the ground truth's exactly are equal under
    every rule here, so only the other cases need canonical forms.
    """
    if truth.possible is not None:
        return _match_possible(pred, truth.possible, tools)
    gold = truth.calls or ()
    if len(pred) != len(gold):
        return _count_mismatch(len(gold), len(pred))
    if not pred:
        return None
    gold_typed, typed = typed_gold(truth)
    if typed_keys is None:
        typed_keys = [c.typed_key() for c in pred]
    pred_typed = [(c.name, k) for c, k in zip(pred, typed_keys)]
    if same_multiset(pred_typed, typed):
        return None
    if (tools is None or not tools.defaults) and not _python_matching(pred, gold):
        # Python equality is coarser than the strict rule (it also has
        # True == 1), so without a matching under it there is none under
        # the strict rule either: no canonical forms needed.
        return explain_mismatch(pred, pred_typed, gold, gold_typed, _strict_equal(tools))
    # One slot, for the tool index last used with this ground truth.
    strict = truth.memo.get("strict")
    if strict is None or strict[0] is not tools:
        keys = [strict_key(c, tools) for c in gold]
        strict = truth.memo["strict"] = (tools, keys, counts(keys))
    pred_keys = [strict_key(c, tools) for c in pred]
    if same_multiset(pred_keys, strict[2]):
        return None
    return explain_mismatch(pred, pred_keys, gold, strict[1], _strict_equal(tools))


def _python_matching(pred: Sequence[ToolCall], gold: Sequence[ToolCall]) -> bool:
    """Can the calls be paired so that names and arguments are ``==`` in Python?"""
    if len(pred) == 1:
        return pred[0].name == gold[0].name and pred[0].arguments == gold[0].arguments
    fits = [[p.name == g.name and p.arguments == g.arguments for g in gold] for p in pred]
    if not all(any(row) for row in fits):  # a call equal to none: the usual mismatch
        return False
    return all(j is not None for j in max_matching(fits))


def _strict_equal(tools: ToolIndex | None) -> Callable[[ToolCall, ToolCall], Failure | None]:
    def compare(expected: ToolCall, got: ToolCall) -> Failure | None:
        exp_args, got_args = expected.arguments, got.arguments
        defaults = tools.raw_defaults.get(expected.name) if tools is not None else None
        if defaults:
            # Fill declared defaults on both sides so an omission equals its default.
            exp_args = {**defaults, **exp_args}
            got_args = {**defaults, **got_args}
        return describe(expected.name, first_difference(exp_args, got_args, "arguments"))

    return compare


def describe(name: str, diff: tuple[str, str, Any, Any] | None) -> Failure | None:
    """Turn a ``first_difference`` result into a ``Failure`` for call ``name``."""
    if diff is None:
        return None
    what, path, expected, got = diff
    where = f"{name}: {path}"
    if what == "missing":
        return R.MISSING_ARGUMENT, f"{where} is missing (expected {render(expected)})"
    if what == "extra":
        return R.EXTRA_ARGUMENT, f"{where} is not expected (got {render(got)})"
    if what == "type":
        return (
            R.WRONG_ARGUMENT_TYPE,
            f"{where}: expected {_typed(expected)}, got {_typed(got)}",
        )
    return R.WRONG_ARGUMENT_VALUE, f"{where}: expected {render(expected)}, got {render(got)}"


def _typed(value: Any) -> str:
    k = kind(value)
    return render(value) if k in ("null", "boolean") else f"{k} {render(value)}"


def _count_mismatch(expected: int, got: int) -> Failure:
    return R.CALL_COUNT_MISMATCH, f"expected {expected} call(s), got {got}"


def _name_mismatch(pred_names: list[str], gold_names: list[str]) -> Failure | None:
    if sorted(pred_names) == sorted(gold_names):
        return None
    left = counts(gold_names)
    extra = []
    for name in pred_names:
        if left.get(name):
            left[name] -= 1
        else:
            extra.append(name)
    if not extra:
        return None
    missing = sorted(n for n, k in left.items() for _ in range(k))
    return (
        R.WRONG_FUNCTION_NAME,
        f"expected function(s) {', '.join(missing)}; got {', '.join(sorted(extra))}",
    )


def explain_mismatch(
    pred: Sequence[ToolCall],
    pred_keys: Sequence[Any],
    gold: Sequence[ToolCall],
    gold_keys: Sequence[Any],
    compare: Callable[[ToolCall, ToolCall], Failure | None],
) -> Failure:
    """Explain why two equally long call lists do not match as multisets.

    ``*_keys`` are the calls' equality keys.  Exactly equal calls are set
    aside first; the remaining calls are paired by name, and the first pair
    is compared argument by argument.
    """
    if len(pred) != len(gold):
        return _count_mismatch(len(gold), len(pred))
    names = _name_mismatch([c.name for c in pred], [c.name for c in gold])
    if names is not None:
        return names
    unmatched = counts(gold_keys)
    left_pred = []
    for call, key in zip(pred, pred_keys):
        if unmatched.get(key):
            unmatched[key] -= 1
        else:
            left_pred.append(call)
    left_gold = []
    for call, key in zip(gold, gold_keys):
        if unmatched.get(key):
            unmatched[key] -= 1
            left_gold.append(call)
    for p in left_pred:
        for g in left_gold:
            if g.name == p.name:
                failure = compare(g, p)
                if failure is not None:
                    return failure
    # Only reachable when the key and the comparison disagree; say so plainly.
    return R.WRONG_ARGUMENT_VALUE, "calls differ"


# --- possible answers -------------------------------------------------------


def _fits(call: ToolCall, option: PossibleCall, tools: ToolIndex | None) -> Failure | None:
    """Does ``call`` satisfy ``option``?  ``None``, or the first failure."""
    if call.name != option.name:
        return R.WRONG_FUNCTION_NAME, f"expected {option.name}, got {call.name}"
    defaults = tools.defaults.get(call.name, {}) if tools is not None else {}
    for arg in sorted(call.arguments):
        allowed = option.args.get(arg)
        value = call.arguments[arg]
        if allowed is None:
            return (
                R.EXTRA_ARGUMENT,
                f"{call.name}: arguments.{arg} is not expected (got {render(value)})",
            )
        c = canon(value)
        if c in allowed.canon and c != "":  # "" marks omission; it is never a value here
            continue
        if type(value) in (dict, list) and any(nested_fits(value, a) for a in allowed.values):
            continue
        if arg in defaults and defaults[arg] == c and allowed.optional:
            continue
        kinds = {kind(v) for v in allowed.values if v != ""}
        reason = (
            R.WRONG_ARGUMENT_TYPE if kinds and kind(value) not in kinds else R.WRONG_ARGUMENT_VALUE
        )
        shown = ", ".join(render(v, 30) for v in allowed.values[:5])
        return reason, f"{call.name}: arguments.{arg}: got {render(value)}, allowed [{shown}]"
    for arg in sorted(option.args):
        if arg in call.arguments:
            continue
        allowed = option.args[arg]
        if allowed.optional or (arg in defaults and defaults[arg] in allowed.canon):
            continue
        shown = ", ".join(render(v, 30) for v in allowed.values[:5])
        return R.MISSING_ARGUMENT, f"{call.name}: arguments.{arg} is missing (allowed [{shown}])"
    return None


def nested_fits(value: Any, option: Any) -> bool:
    """Does ``value`` meet BFCL's nested possible answer ``option``?

    An allowed dict lists, per key, the allowed values of that key (``""``
    marking an optional key), as BFCL's ``dict_checker`` reads it; an allowed
    list of such dicts is met element by element.  Leaves compare under the
    strict rules.

    >>> nested_fits({"l": 10}, {"l": [10, 12], "w": ["", 5]})
    True
    >>> nested_fits({"l": 10, "w": ""}, {"l": [10], "w": ["", 5]})
    False
    """
    if type(value) is dict and type(option) is dict:
        if not all(type(choices) is list for choices in option.values()):
            return False
        for key, item in value.items():
            choices = option.get(key)
            if choices is None or not _allowed(item, choices):
                return False
        return all(key in value or "" in choices for key, choices in option.items())
    if type(value) is list and type(option) is list and value and len(value) == len(option):
        return all(type(o) is dict for o in option) and all(map(nested_fits, value, option))
    return False


def _allowed(item: Any, choices: list[Any]) -> bool:
    c = canon(item)
    return any((c != "" and c == canon(a)) or nested_fits(item, a) for a in choices)


def call_fits(call: ToolCall, expected: ToolCall | PossibleCall, tools: ToolIndex | None) -> bool:
    """Does ``call`` meet one expected call (exact or possible answer) under ``strict``?

    >>> call_fits(ToolCall("f", {"a": 1.0}), ToolCall("f", {"a": 1}), None)
    True
    """
    if isinstance(expected, PossibleCall):
        return _fits(call, expected, tools) is None
    return strict_key(call, tools) == strict_key(expected, tools)


def _match_possible(
    pred: list[ToolCall], options: tuple[PossibleCall, ...], tools: ToolIndex | None
) -> Failure | None:
    if len(pred) != len(options):
        return _count_mismatch(len(options), len(pred))
    if not pred:
        return None
    failure = pair_calls(pred, options, lambda p, o: _fits(p, o, tools))
    if failure is None:
        return None
    return _name_mismatch([c.name for c in pred], [o.name for o in options]) or failure
