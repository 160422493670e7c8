"""Preset ``bfcl``: the judging rules of BFCL's AST checker, on model-output text.

``score(text, possible_answer, tools=function_docs, preset="bfcl",
format="pythonic", language="python")`` reads the calls (by default in the
pythonic format, with bare names read as strings, as BFCL's decoder does) and
judges each as ``bfcl_eval``'s ``ast_checker`` does (``toolreward.bfcl.checker``):

* the ground truth is a possible answer ``[{"func": {"arg": [allowed...]}}]``
  (a plain ground truth is read as one allowed value per argument);
  ``""`` among the allowed values means the argument may be omitted;
* an empty ground truth (irrelevance) is met iff no call is made; text that
  does not decode counts as no call there.

Deliberate deviations from BFCL (``docs/bfcl.md``):

* parallel calls are paired by maximum bipartite matching
  (``toolreward.pairing``), not first-fit, so a valid reordering is never
  rejected;
* expressions BFCL evaluates with ``eval`` (``1+2``, lambdas) and calls used
  as values are not evaluated: they are ``unsupported_value``; tuples are
  read as lists.

>>> from toolreward.ground_truth import load_ground_truth
>>> docs = [{"name": "f", "parameters": {"type": "dict",
...          "properties": {"city": {"type": "string"}}, "required": ["city"]}}]
>>> build({})('f(city="New York")', load_ground_truth([{"f": {"city": ["new york"]}}]),
...           docs).reward
1.0
"""

from __future__ import annotations

from functools import partial
from typing import Any

from .. import reasons as R
from ..errors import ConfigError
from ..formats import FORMAT_READERS
from ..formats.think import split_think
from ..ground_truth import Allowed, GroundTruth, PossibleCall
from ..options import ParseOptions
from ..pairing import pair_calls, pair_first_fit
from ..presets.base import Preset, Scorer
from ..results import PASS, Verdict
from ..text import as_text, locate_response
from .checker import Rules, check_call, expected_name
from .docs import Docs, load_docs
from .fc import fc_calls

OPTIONS = ("format", "language", "includes_prompt", "relevance", "bfcl_compat", "underscore_to_dot")
"""The options the ``bfcl`` preset takes (see ``build``)."""


def check_options(options: dict[str, Any]) -> ParseOptions:
    """How the ``bfcl`` preset reads text: ``format`` (default pythonic),
    ``language`` and ``includes_prompt``; every other option is checked too."""
    extra = sorted(set(options) - set(OPTIONS))
    if extra:
        raise ConfigError(
            f"preset 'bfcl' takes only {', '.join(o + '=' for o in OPTIONS)}; "
            f"got {', '.join(extra)}"
        )
    for flag in ("relevance", "bfcl_compat", "underscore_to_dot"):
        if not isinstance(options.get(flag, False), bool):
            raise ConfigError(f"option {flag}={options[flag]!r}: expected True or False")
    return ParseOptions(
        format=options.get("format", "pythonic"),
        language=options.get("language", "python"),
        includes_prompt=options.get("includes_prompt", False),
        think="optional",
        allow_bare_identifiers=True,
        schema="off",
    )


def rules_of(options: dict[str, Any]) -> Rules:
    """BFCL's checking rules for these options (``language``, ``bfcl_compat``,
    ``underscore_to_dot``)."""
    return Rules(
        language=options.get("language", "python"),
        compat=options.get("bfcl_compat", False),
        underscore_to_dot=options.get("underscore_to_dot", False),
    )


def build(options: dict[str, Any]) -> Scorer:
    """The BFCL scorer for these options (``ConfigError`` on a bad one).

    * ``relevance=True``: the entry is a relevance test (BFCL's
      ``live_relevance``): it passes iff the output decodes to at least one
      call; the calls are not checked and the ground truth is not used.
    * ``bfcl_compat=True``: BFCL's decoder quirks, for exact parity with
      ``bfcl evaluate`` (``checker.Rules``).
    * ``underscore_to_dot=True``: expected dotted names are matched by their
      underscore form, as BFCL does for such FC models.

    A completion may also be an FC model's decoded calls, as ``bfcl generate``
    stores them (``[{"name": "{json args}"}]``; ``toolreward.bfcl.fc``).
    """
    opts = check_options(options)
    rules = rules_of(options)
    relevance = options.get("relevance", False)

    def bfcl(completion: Any, truth: GroundTruth, tools: Any) -> Verdict:
        error, detail, calls = read_output(completion, opts)
        if relevance:
            return judge_relevance(error, detail, calls)
        return judge_calls(error, detail, calls, truth, load_docs(tools), rules)

    return bfcl


def read_output(completion: Any, opts: ParseOptions) -> tuple[str | None, str, Any]:
    """``(error, detail, calls)`` of a model output: text, or an FC model's call list."""
    if type(completion) is list:
        return fc_calls(completion)
    if type(completion) is not str:
        completion = as_text(completion)
    return read_calls(completion, opts)


def judge_relevance(error: str | None, detail: str, calls: Any) -> Verdict:
    """BFCL's relevance rule: some call must be decoded (``[]`` is no call)."""
    if (error is None and calls) or error in CALL_MADE:
        return PASS
    if error is None:
        return Verdict(0.0, True, False, R.CALL_COUNT_MISMATCH, "relevance: no call was made")
    return Verdict(0.0, False, False, error, f"relevance_error:decoder_failed: {detail}")


CALL_MADE = frozenset({R.POSITIONAL_ARGUMENT, R.UNSUPPORTED_VALUE, R.DUPLICATE_KEY})
"""Reader failures that still show a call: BFCL's decoder reads ``f(1)``
(dropping the positional argument), ``f(**x)``, ``f(a=1+2)`` (evaluating the
expression) and ``f(a=1, a=2)`` as calls, so for relevance and irrelevance
they count as one.  (One known difference: BFCL fails to decode a lambda
value, which counts as a call here.)"""


def possible_calls(truth: GroundTruth) -> tuple[PossibleCall, ...]:
    """The ground truth as possible answers (a plain call allows its own values only)."""
    if truth.possible is not None:
        return truth.possible
    return tuple(
        PossibleCall(c.name, {k: Allowed([v]) for k, v in c.arguments.items()})
        for c in truth.calls or ()
    )


def score_bfcl(
    completion: str, truth: GroundTruth, tools: Any, opts: ParseOptions, rules: Rules | None = None
) -> Verdict:
    """Judge ``completion`` as BFCL's AST checker would (see module docstring)."""
    rules = rules or Rules(language=opts.language)
    return judge_calls(*read_calls(completion, opts), truth, load_docs(tools), rules)


def judge_calls(
    error: str | None, detail: str, calls: Any, truth: GroundTruth, docs: Docs, rules: Rules
) -> Verdict:
    """The verdict on decoded calls (or a decoding failure) against a possible answer."""
    expected = possible_calls(truth)
    if not expected:  # irrelevance: any non-call output is right
        if (error is None and calls) or error in CALL_MADE:
            return Verdict(0.0, True, False, R.CALL_COUNT_MISMATCH, "irrelevance: a call was made")
        return PASS
    if error is not None:
        return Verdict(0.0, False, False, error, f"ast_decoder:decoder_failed: {detail}")
    if len(calls) != len(expected):
        return Verdict(
            0.0,
            True,
            False,
            R.CALL_COUNT_MISMATCH,
            f"wrong_count: expected {len(expected)} call(s), got {len(calls)}",
        )
    fits = partial(check_call, docs=docs, rules=rules)
    if rules.compat:
        failure = pair_first_fit(calls, expected, fits)
    else:
        failure = pair_calls(calls, expected, fits, expected_name=partial(_name, rules=rules))
    return PASS if failure is None else Verdict(0.0, True, False, failure[0], failure[1])


def _name(option: PossibleCall, rules: Rules) -> str:
    return expected_name(option.name, rules)


def read_calls(completion: str, opts: ParseOptions) -> tuple[str | None, str, Any]:
    """``(error, detail, calls)`` read from ``completion`` as BFCL's decoder reads it.

    A leading think block is skipped, as BFCL's handlers of reasoning models do;
    the pythonic body then goes through ``bfcl_text``.
    """
    start, end, stray = locate_response(completion, opts.includes_prompt)
    if stray is not None:
        return stray[0], stray[1], None
    if opts.format != "pythonic":
        error, detail, calls, _, _, _ = FORMAT_READERS[opts.format](completion, start, end, opts)
        return error, detail, calls
    failure, _, pos = split_think(completion, start, end, opts, None)
    if failure is not None:
        return failure[0], failure[1], None
    text = bfcl_text(completion[pos:end])
    error, detail, calls, _, _, _ = FORMAT_READERS["pythonic"](text, 0, len(text), opts)
    return error, detail, calls


def bfcl_text(body: str) -> str:
    """BFCL's decoder first strips backticks, newlines and spaces, then adds brackets."""
    body = body.strip("`\n ")
    if not body.startswith("["):
        body = "[" + body
    if not body.endswith("]"):
        body = body + "]"
    return body


PRESET = Preset("bfcl", "BFCL's AST-checker rules on possible answers", build)
