"""Preset ``bfcl``: the judging rules of BFCL's AST checker, on model-output text.

``score(text, possible_answer, tools=function_docs, preset="bfcl",
format="pythonic", language="python")`` reads the calls (by default in the
pythonic format, with bare names read as strings, as BFCL's decoder does) and
judges them as ``bfcl_eval``'s ``ast_checker`` does:

* the ground truth is a possible answer ``[{"func": {"arg": [allowed...]}}]``
  (a plain ground truth is read as one allowed value per argument);
  ``""`` among the allowed values means the argument may be omitted;
* required arguments come from the function doc; an argument that is not in
  the doc or not in the answer is unexpected;
* Python types per declared type: ``integer`` rejects ``5.0`` and ``True``,
  ``float`` accepts an int, ``boolean`` rejects ``1``, ``any`` is a string,
  ``array``/``tuple`` items are checked one level deep; when the answer's
  first value has another type than the declared one (a "variable"), a
  value of that type is accepted and compared exactly;
* strings are compared after standardisation (remove `` ,./-_*^``,
  lowercase, ``'`` to ``"``), also one level into lists and dicts;
* list order matters, dict key order does not; numbers compare with ``==``;
* an empty ground truth (irrelevance) is met iff no call is made; text that
  does not decode counts as no call there.

Deliberate deviations from BFCL (``docs/bfcl.md``):

* parallel calls are paired by maximum bipartite matching, not first-fit, so
  a valid reordering is never rejected;
* expressions BFCL evaluates with ``eval`` (``1+2``, lambdas) and calls used
  as values are not evaluated: they are ``unsupported_value``; tuples are
  read as lists.

Every failure's detail starts with BFCL's own ``error_type`` name, so a
verdict can be compared with BFCL's output directly.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from typing import Any

from . import reasons as R
from .bfcl_langs import JAVA_TYPES, JS_TYPES, NESTED, java_value, js_value
from .calls import ToolCall
from .errors import ConfigError, ToolsError
from .formats import FORMAT_READERS
from .ground_truth import GroundTruth, PossibleCall
from .match import max_matching
from .options import ParseOptions
from .results import PASS, Verdict
from .text import response_bounds

PY_TYPES: dict[str, type] = {
    "string": str,
    "integer": int,
    "float": float,
    "boolean": bool,
    "array": list,
    "tuple": list,
    "dict": dict,
    "any": str,
}
_NESTED = ("array", "tuple")
_STANDARDISE = re.compile(r"[ ,./\-_*^]")

Failure = tuple[str, str]  # (reason code, detail)


def standardise(text: str) -> str:
    """BFCL's string standardisation: drop `` ,./-_*^``, lowercase, ``'`` to ``"``.

    >>> standardise("New York, NY")
    'newyorkny'
    """
    return _STANDARDISE.sub("", text).lower().replace("'", '"')


# --- function docs -----------------------------------------------------------


class Docs:
    """BFCL function docs by name: declared property types and required names."""

    __slots__ = ("by_name",)

    def __init__(self, docs: Any) -> None:
        if isinstance(docs, dict):
            docs = [docs]
        if not isinstance(docs, list):
            raise ToolsError("preset 'bfcl' needs tools=[function docs] (BFCL's 'function' field)")
        self.by_name: dict[str, dict[str, Any]] = {}
        for i, doc in enumerate(docs):
            fn = doc.get("function", doc) if isinstance(doc, dict) else None
            if not isinstance(fn, dict) or not isinstance(fn.get("name"), str):
                raise ToolsError(f"tools[{i}]: expected a function doc with a 'name'")
            params = fn.get("parameters") or {}
            props = params.get("properties") or {}
            for arg, spec in props.items():
                kind = spec.get("type") if isinstance(spec, dict) else None
                if kind not in PY_TYPES and kind not in JAVA_TYPES and kind not in JS_TYPES:
                    raise ToolsError(f"tools[{i}] ({fn['name']}).{arg}: unknown BFCL type {kind!r}")
            self.by_name[fn["name"]] = {
                "properties": props,
                "required": list(params.get("required") or []),
            }


_DOCS: OrderedDict[Any, tuple[Any, Docs]] = OrderedDict()


def load_docs(tools: Any) -> Docs:
    """``Docs`` for a tool list, cached by identity (the list is kept alive)."""
    hit = _DOCS.get(id(tools))
    if hit is not None and hit[0] is tools:
        return hit[1]
    docs = Docs(tools)
    _DOCS[id(tools)] = (tools, docs)
    if len(_DOCS) > 256:
        _DOCS.popitem(last=False)
    return docs


# --- the preset ----------------------------------------------------------------


def check_options(options: dict[str, Any]) -> ParseOptions:
    """Options of the ``bfcl`` preset: ``format`` (default pythonic) and ``language``."""
    allowed = {"format", "language"}
    extra = sorted(set(options) - allowed)
    if extra:
        raise ConfigError(f"preset 'bfcl' takes only format= and language=; got {', '.join(extra)}")
    language = options.get("language", "python")
    return ParseOptions(
        format=options.get("format", "pythonic"),
        language=language,
        think="optional",
        allow_bare_identifiers=True,
        schema="off",
    )


def possible_calls(truth: GroundTruth) -> tuple[PossibleCall, ...]:
    """The ground truth as possible answers (a plain call allows its own values only)."""
    if truth.possible is not None:
        return truth.possible
    from .ground_truth import Allowed

    return tuple(
        PossibleCall(c.name, {k: Allowed([v]) for k, v in c.arguments.items()})
        for c in truth.calls or ()
    )


def score_bfcl(completion: str, truth: GroundTruth, tools: Any, opts: ParseOptions) -> Verdict:
    """Judge ``completion`` as BFCL's AST checker would (see module docstring)."""
    docs = load_docs(tools)
    expected = possible_calls(truth)
    text = bfcl_text(completion) if opts.format == "pythonic" else completion
    start, end = response_bounds(text)
    error, detail, calls, _, _, _ = FORMAT_READERS[opts.format](text, start, end, opts)
    if not expected:  # irrelevance: any non-call output is right
        if error is not None or not calls:
            return PASS
        return Verdict(0.0, True, False, R.CALL_COUNT_MISMATCH, "irrelevance: a call was made")
    if error is not None:
        return Verdict(0.0, False, False, error, f"ast_decoder:decoder_failed: {detail}")
    assert calls is not None
    if len(calls) != len(expected):
        return Verdict(
            0.0,
            True,
            False,
            R.CALL_COUNT_MISMATCH,
            f"wrong_count: expected {len(expected)} call(s), got {len(calls)}",
        )
    language = opts.language
    if len(calls) == 1:
        failure = check_call(calls[0], expected[0], docs, language)
        if failure is None:
            return PASS
        return Verdict(0.0, True, False, failure[0], failure[1])
    outcomes = [[check_call(c, e, docs, language) for e in expected] for c in calls]
    pairing = max_matching([[o is None for o in row] for row in outcomes])
    if all(j is not None for j in pairing):
        return PASS
    taken = {j for j in pairing if j is not None}
    for i, j in enumerate(pairing):
        if j is None:
            # Explain with the same-name unmatched answer if there is one.
            free = [k for k in range(len(expected)) if k not in taken]
            same = [k for k in free if expected[k].name == calls[i].name] or free
            failure = outcomes[i][same[0]]
            assert failure is not None
            return Verdict(0.0, True, False, failure[0], failure[1])
    raise AssertionError("unreachable: an imperfect matching leaves a call unpaired")


def bfcl_text(completion: str) -> str:
    """BFCL's decoder first strips backticks, newlines and spaces, then adds brackets."""
    start, end = response_bounds(completion)
    body = completion[start:end].strip("`\n ")
    if not body.startswith("["):
        body = "[" + body
    if not body.endswith("]"):
        body = body + "]"
    return body


# --- one call ------------------------------------------------------------------


def check_call(call: ToolCall, option: PossibleCall, docs: Docs, language: str) -> Failure | None:
    """``None`` when ``call`` meets ``option``, else ``(reason, detail)``."""
    if call.name != option.name:
        return (
            R.WRONG_FUNCTION_NAME,
            f"simple_function_checker:wrong_func_name: expected {option.name}, got {call.name}",
        )
    doc = docs.by_name.get(option.name)
    if doc is None:
        raise ToolsError(f"no function doc for {option.name!r} in tools")
    args = call.arguments
    for param in doc["required"]:
        if param not in args:
            return (
                R.MISSING_ARGUMENT,
                f"simple_function_checker:missing_required: {call.name}: {param} is required",
            )
    props = doc["properties"]
    for param, value in args.items():
        if param not in props or param not in option.args:
            return (
                R.EXTRA_ARGUMENT,
                f"simple_function_checker:unexpected_param: {call.name}: {param}",
            )
        declared = props[param]
        allowed = option.args[param].values
        if language == "python":
            failure = check_python_value(param, value, allowed, declared)
        else:
            failure = check_source_value(param, value, allowed, declared, language)
        if failure is not None:
            return failure[0], f"{failure[1]} ({call.name})"
    for param, allowed_values in option.args.items():
        if param not in args and not allowed_values.optional:
            return (
                R.MISSING_ARGUMENT,
                f"simple_function_checker:missing_optional: {call.name}: {param} is missing",
            )
    return None


def check_python_value(
    param: str, value: Any, allowed: list[Any], declared: dict[str, Any]
) -> Failure | None:
    """Type and value rules of BFCL for one Python argument value."""
    kind = declared["type"]
    expected = PY_TYPES[kind]
    nested = PY_TYPES[declared["items"]["type"]] if kind in _NESTED else None
    if kind == "float" and type(value) is int:
        value = float(value)  # Python's int-to-float promotion, which BFCL allows
    ok, variable = type_ok(value, allowed, expected, nested)
    if not ok:
        return (
            R.WRONG_ARGUMENT_TYPE,
            f"type_error:{'nested' if nested and type(value) is expected else 'simple'}: "
            f"{param}: expected {kind}, got {type(value).__name__} {value!r}",
        )
    return check_python_allowed(param, value, allowed, expected, nested, variable)


def check_python_allowed(
    param: str,
    value: Any,
    allowed: list[Any],
    expected: type,
    nested: type | None,
    variable: bool,
) -> Failure | None:
    """The value rules, once the type rules have passed."""
    if not variable:
        if expected is dict:
            return dict_failure(param, value, allowed)
        if expected is list and nested is dict:
            return list_dict_failure(param, value, allowed)
        if expected is str:
            if standardise(value) in [standardise(a) for a in allowed if type(a) is str]:
                return None
            return (
                R.WRONG_ARGUMENT_VALUE,
                f"value_error:string: {param}: {value!r} not in {allowed}",
            )
        if expected is list:
            if _standard_list(value) in [_standard_list(a) for a in allowed]:
                return None
            return (
                R.WRONG_ARGUMENT_VALUE,
                f"value_error:list/tuple: {param}: {value!r} not in {allowed}",
            )
    if value in allowed:
        return None
    return R.WRONG_ARGUMENT_VALUE, f"value_error:others: {param}: {value!r} not in {allowed}"


def check_source_value(
    param: str, value: Any, allowed: list[Any], declared: dict[str, Any], language: str
) -> Failure | None:
    """Java/JavaScript: type the source text by its declared type, then the Python rules."""
    kind = declared["type"]
    types = JAVA_TYPES if language == "java" else JS_TYPES
    if kind not in types:
        return R.WRONG_ARGUMENT_TYPE, f"type_error:{language}: {param}: unsupported type {kind}"
    if type(value) is not str:
        return R.WRONG_ARGUMENT_TYPE, f"type_error:{language}: {param}: not source text"
    items = (declared.get("items") or {}).get("type") if kind in NESTED else None
    convert = java_value if language == "java" else js_value
    typed = convert(value, kind, items)
    expected = types[kind]
    nested = types.get(items) if items else None
    ok, variable = type_ok(typed, allowed, expected, nested)
    if not ok:
        return (
            R.WRONG_ARGUMENT_TYPE,
            f"type_error:simple: {param}: expected {kind}, got {value!r}",
        )
    return check_python_allowed(param, typed, allowed, expected, nested, variable)


def _first_type(allowed: list[Any]) -> type | None:
    for a in allowed:
        if a != "":
            return type(a)
    return None


def type_ok(
    value: Any, allowed: list[Any], expected: type, nested: type | None
) -> tuple[bool, bool]:
    """``(valid, is_variable)`` under BFCL's type rules (nested: one level deep)."""
    answer_type = _first_type(allowed)
    variable = answer_type is not None and answer_type is not expected
    if type(value) is expected:
        if nested is None:
            return True, variable
        items: Any = value
        for item in allowed:
            if type(item) is not list or all(type_ok(v, item, nested, None)[0] for v in items):
                return True, variable
        return False, variable
    if answer_type is not None and type(value) is answer_type:
        return True, True
    return False, variable


def _standard_list(value: Any) -> list[Any] | None:
    # BFCL iterates any allowed value here: "" gives [], a string its characters.
    if not isinstance(value, (list, tuple, str)):
        return None
    return [standardise(v) if type(v) is str else v for v in value]


def dict_failure(param: str, value: dict[str, Any], allowed: list[Any]) -> Failure | None:
    """BFCL's dict rule: some allowed dict accepts every key and value of ``value``."""
    failure: Failure = (R.WRONG_ARGUMENT_VALUE, f"value_error:dict_value: {param}: no allowed dict")
    for option in allowed:
        if option == "":
            continue
        failure = _dict_against(param, value, option)
        if not failure[0]:
            return None
    return failure


def _dict_against(param: str, value: Any, option: Any) -> Failure:
    if type(value) is not dict or type(option) is not dict:
        return R.WRONG_ARGUMENT_VALUE, f"value_error:dict_value: {param}: not a dict"
    for key, item in value.items():
        if key not in option:
            return R.WRONG_ARGUMENT_VALUE, f"value_error:dict_key: {param}: unexpected key {key!r}"
        got = standardise(item) if type(item) is str else item
        allowed = option[key] if type(option[key]) is list else [option[key]]
        choices = [standardise(a) if type(a) is str else a for a in allowed]
        if got not in choices:
            return (
                R.WRONG_ARGUMENT_VALUE,
                f"value_error:dict_value: {param}.{key}: {item!r} not in {option[key]}",
            )
    for key, choices in option.items():
        if key not in value and (type(choices) is not list or "" not in choices):
            return R.WRONG_ARGUMENT_VALUE, f"value_error:dict_key: {param}: missing key {key!r}"
    return "", ""


def list_dict_failure(param: str, value: list[Any], allowed: list[Any]) -> Failure | None:
    """BFCL's list-of-dicts rule: same length, each dict accepted by its allowed dict."""
    failure: Failure = (R.WRONG_ARGUMENT_VALUE, f"value_error:list_dict_count: {param}")
    for option in allowed:
        if len(value) != len(option):
            failure = (R.WRONG_ARGUMENT_VALUE, f"value_error:list_dict_count: {param}")
            continue
        for got, want in zip(value, option):
            one = dict_failure(param, got, [want])
            if one is not None:
                failure = one
                break
        else:
            return None
    return failure
