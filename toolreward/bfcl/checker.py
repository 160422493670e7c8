"""BFCL's AST-checker rules for one call: names, required arguments, types and values.

``check_call(call, option, docs, rules)`` returns ``None`` when ``call``
meets the possible answer ``option`` and a ``Failure`` otherwise, whose detail
starts with BFCL's own ``error_type`` name (``simple_function_checker:...``,
``type_error:...``, ``value_error:...``), so a verdict can be compared with
BFCL's output directly.

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
* ``Rules(underscore_to_dot=True)``: an expected name with dots is matched by
  its underscore form (``math.factorial`` by ``math_factorial``), as BFCL does
  for FC models whose API forbids dots in names.

>>> standardise("New York, NY")
'newyorkny'
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .. import reasons as R
from ..calls import ToolCall
from ..errors import ToolsError
from ..ground_truth import PossibleCall
from ..results import Failure
from .docs import PY_TYPES, Docs
from .languages import JAVA_TYPES, JS_TYPES, NESTED, java_value, js_value

_NESTED = ("array", "tuple")
_FLOAT_MAX = int(sys.float_info.max)  # an int beyond it has no float: it stays an int
_STANDARDISE = re.compile(r"[ ,./\-_*^]")


def standardise(text: str) -> str:
    """BFCL's string standardisation: drop `` ,./-_*^``, lowercase, ``'`` to ``"``."""
    if len(text) <= _CACHED_LENGTH:
        return _standardise_cached(text)
    return _STANDARDISE.sub("", text).lower().replace("'", '"')


_CACHED_LENGTH = 200  # the cache holds at most 8192 strings of this length: under 10 MB


@lru_cache(maxsize=8192)
def _standardise_cached(text: str) -> str:
    return _STANDARDISE.sub("", text).lower().replace("'", '"')


@dataclass(frozen=True)
class Rules:
    """How BFCL's rules are applied to one entry.

    Attributes:
        language: ``"python"``, ``"java"`` or ``"javascript"`` (the argument values).
        compat: reproduce BFCL's decoder quirks for exact parity (string items of
            Java arrays keep their quotes, Java ``HashMap`` bodies read as ``{}``,
            parallel calls paired first-fit); ``docs/bfcl.md`` lists them.
        underscore_to_dot: the model's API forbids dots in function names, so an
            expected ``a.b`` is matched by ``a_b`` (BFCL's ``underscore_to_dot``).
    """

    language: str = "python"
    compat: bool = False
    underscore_to_dot: bool = False


PYTHON = Rules()


# --- one call ------------------------------------------------------------------


def expected_name(name: str, rules: Rules) -> str:
    """The name a model must write for the expected function ``name``."""
    return name.replace(".", "_") if rules.underscore_to_dot else name


def check_call(call: ToolCall, option: PossibleCall, docs: Docs, rules: Rules) -> Failure | None:
    """``None`` when ``call`` meets ``option``, else ``(reason, detail)``."""
    want = expected_name(option.name, rules)
    if call.name != want:
        return (
            R.WRONG_FUNCTION_NAME,
            f"simple_function_checker:wrong_func_name: expected {want}, got {call.name}",
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
        if rules.language == "python":
            failure = check_python_value(param, value, allowed, declared, rules.compat)
        else:
            failure = check_source_value(param, value, allowed, declared, rules)
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
    param: str, value: Any, allowed: list[Any], declared: dict[str, Any], compat: bool = False
) -> Failure | None:
    """Type and value rules of BFCL for one Python argument value."""
    kind = declared["type"]
    expected = PY_TYPES[kind]
    nested = PY_TYPES[declared["items"]["type"]] if kind in _NESTED else None
    if kind == "float" and type(value) is int and -_FLOAT_MAX <= value <= _FLOAT_MAX:
        value = float(value)  # Python's int-to-float promotion, which BFCL allows
    ok, variable = type_ok(value, allowed, expected, nested)
    if not ok:
        return (
            R.WRONG_ARGUMENT_TYPE,
            f"type_error:{'nested' if nested and type(value) is expected else 'simple'}: "
            f"{param}: expected {kind}, got {type(value).__name__} {value!r}",
        )
    return check_python_allowed(param, value, allowed, expected, nested, variable, compat)


def check_python_allowed(
    param: str,
    value: Any,
    allowed: list[Any],
    expected: type,
    nested: type | None,
    variable: bool,
    compat: bool = False,
) -> Failure | None:
    """The value rules, once the type rules have passed."""
    if not variable:
        if expected is dict:
            return dict_failure(param, value, allowed, compat)
        if expected is list and nested is dict:
            return list_dict_failure(param, value, allowed, compat)
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
    param: str, value: Any, allowed: list[Any], declared: dict[str, Any], rules: Rules
) -> Failure | None:
    """Java/JavaScript: type the source text by its declared type, then the Python rules."""
    language = rules.language
    kind = declared["type"]
    types = JAVA_TYPES if language == "java" else JS_TYPES
    if kind not in types:
        return R.WRONG_ARGUMENT_TYPE, f"type_error:{language}: {param}: unsupported type {kind}"
    if type(value) is not str:
        return R.WRONG_ARGUMENT_TYPE, f"type_error:{language}: {param}: not source text"
    items = (declared.get("items") or {}).get("type") if kind in NESTED else None
    typed = (
        java_value(value, kind, items, rules.compat)
        if language == "java"
        else js_value(value, kind, items)
    )
    expected = types[kind]
    nested = types.get(items) if items else None
    ok, variable = type_ok(typed, allowed, expected, nested)
    if not ok:
        return (
            R.WRONG_ARGUMENT_TYPE,
            f"type_error:simple: {param}: expected {kind}, got {value!r}",
        )
    return check_python_allowed(param, typed, allowed, expected, nested, variable, rules.compat)


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


def dict_failure(
    param: str, value: dict[str, Any], allowed: list[Any], compat: bool = False
) -> Failure | None:
    """BFCL's dict rule: some allowed dict accepts every key and value of ``value``,
    and every key it lacks may be omitted (its choices include ``""``).

    A choice written as one string rather than a list never allows omission
    here; BFCL's check (``"" not in value``) is true of every string, so BFCL
    never misses such a key: ``compat`` does the same."""
    failure: Failure | None = (
        R.WRONG_ARGUMENT_VALUE,
        f"value_error:dict_value: {param}: no allowed dict",
    )
    for option in allowed:
        if option == "":
            continue
        failure = _dict_against(param, value, option, compat)
        if failure is None:
            return None
    return failure


def _dict_against(param: str, value: Any, option: Any, compat: bool) -> Failure | None:
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
        if compat and type(choices) is str:
            continue
        if key not in value and (type(choices) is not list or "" not in choices):
            return R.WRONG_ARGUMENT_VALUE, f"value_error:dict_key: {param}: missing key {key!r}"
    return None


def list_dict_failure(
    param: str, value: list[Any], allowed: list[Any], compat: bool = False
) -> Failure | None:
    """BFCL's list-of-dicts rule: same length, each dict accepted by its allowed dict."""
    failure: Failure = (R.WRONG_ARGUMENT_VALUE, f"value_error:list_dict_count: {param}")
    for option in allowed:
        if len(value) != len(option):
            failure = (R.WRONG_ARGUMENT_VALUE, f"value_error:list_dict_count: {param}")
            continue
        for got, want in zip(value, option):
            one = dict_failure(param, got, [want], compat)
            if one is not None:
                failure = one
                break
        else:
            return None
    return failure
