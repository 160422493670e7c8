"""Judge the same model-output texts with BFCL's own checker and with the ``bfcl`` preset.

Needs ``bfcl-eval`` (``pip install --no-deps bfcl-eval==2026.3.23`` plus
``filelock``, ``tree_sitter==0.21.3``, ``tree-sitter-java==0.21.0`` and
``tree-sitter-javascript==0.21.4``).  BFCL's ``model_config`` module imports
every vendor SDK; only one attribute of it is read by the checker, so it is
replaced by a stand-in before the checker is imported.

Cases are built from BFCL's bundled data: for every entry, the ground-truth
calls rendered as model output, plus systematic perturbations of them, each
tagged with a class name.
"""

from __future__ import annotations

import copy
import json
import os
import random
import re
import sys
import tempfile
import types
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def bfcl_data_or_skip(version: str = "v4") -> Any:
    """BFCL's data for ``version`` (``toolreward.bfcl.data.find_data``); the calling test
    is skipped when the package is not installed, unless ``TOOLREWARD_REQUIRE_BFCL=1``
    (CI) makes that an error."""
    import pytest

    from toolreward.bfcl.data import find_data
    from toolreward.errors import ConfigError

    try:
        return find_data(version)
    except ConfigError:
        if os.environ.get("TOOLREWARD_REQUIRE_BFCL") == "1":
            raise
        pytest.skip(f"{'bfcl-eval' if version == 'v4' else 'nvidia-bfcl'} is not installed")


PYTHON_CATEGORIES = (
    "simple_python",
    "multiple",
    "parallel",
    "parallel_multiple",
    "live_simple",
    "live_multiple",
    "live_parallel",
    "live_parallel_multiple",
)
IRRELEVANCE_CATEGORIES = ("irrelevance", "live_irrelevance")
NON_LIVE = ("simple_python", "simple_java", "simple_javascript", "multiple", "parallel",
            "parallel_multiple")  # fmt: skip


class _Config:
    underscore_to_dot = False


class _AnyModel(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> _Config:
        return _Config()


def load_bfcl() -> types.SimpleNamespace:
    """Import BFCL's checker and decoder (raises ImportError when not installed)."""
    os.environ.setdefault("BFCL_PROJECT_ROOT", tempfile.mkdtemp(prefix="bfcl_"))
    shim = types.ModuleType("bfcl_eval.constants.model_config")
    shim.MODEL_CONFIG_MAPPING = _AnyModel()  # type: ignore[attr-defined]
    sys.modules.setdefault("bfcl_eval.constants.model_config", shim)
    import bfcl_eval
    from bfcl_eval.constants.enums import Language, ReturnFormat
    from bfcl_eval.eval_checker.ast_eval.ast_checker import ast_checker
    from bfcl_eval.model_handler.utils import default_decode_ast_prompting

    data = Path(bfcl_eval.__file__).parent / "data"
    return types.SimpleNamespace(
        ast_checker=ast_checker,
        decode=default_decode_ast_prompting,
        Language=Language,
        ReturnFormat=ReturnFormat,
        data=data,
    )


def entries(bfcl: types.SimpleNamespace, category: str) -> Iterator[tuple[dict, list | None]]:
    """``(question, possible answer or None)`` pairs of one category."""
    answers: dict[str, list] = {}
    answer_file = bfcl.data / "possible_answer" / f"BFCL_v4_{category}.json"
    if answer_file.exists():
        for line in answer_file.read_text().splitlines():
            rec = json.loads(line)
            answers[rec["id"]] = rec["ground_truth"]
    for line in (bfcl.data / f"BFCL_v4_{category}.json").read_text().splitlines():
        question = json.loads(line)
        yield question, answers.get(question["id"])


@dataclass
class Case:
    category: str
    entry_id: str
    kind: str
    text: str
    functions: list
    answer: list


def render_python(calls: list[tuple[str, dict]]) -> str:
    parts = []
    for name, args in calls:
        parts.append(f"{name}(" + ", ".join(f"{k}={v!r}" for k, v in args.items()) + ")")
    return "[" + ", ".join(parts) + "]"


def base_calls(answer: list) -> list[tuple[str, dict]]:
    calls = []
    for item in answer:
        ((name, params),) = item.items()
        args = {}
        for param, allowed in params.items():
            chosen = next((a for a in allowed if a != ""), None)
            if chosen is not None:
                args[param] = chosen
        calls.append((name, args))
    return calls


def _other_value(value: Any) -> Any:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 7
    if isinstance(value, float):
        return value + 1.5
    if isinstance(value, str):
        return value + " extra"
    if isinstance(value, list):
        return [*value, value[0]] if value else ["x"]
    if isinstance(value, dict):
        return {**value, "zz_extra": 1}
    return "x"


def perturbations(
    calls: list[tuple[str, dict]], answer: list, functions: list, rng: random.Random
) -> Iterator[tuple[str, list[tuple[str, dict]]]]:
    """``(class, calls)`` pairs: the ground truth itself, then systematic changes."""
    yield "ground_truth", calls
    docs = {f["name"]: f for f in functions}
    for i, (name, args) in enumerate(calls):
        params = answer[i][name]
        doc = docs.get(name, {}).get("parameters", {})
        required = set(doc.get("required", []))

        def variant(new_args: dict, new_name: str = name, index: int = i) -> list[tuple[str, dict]]:
            out = copy.deepcopy(calls)
            out[index] = (new_name, new_args)
            return out

        yield "name", variant(args, name + "_v2")
        yield "name_case", variant(args, name.upper() if name.upper() != name else name.lower())
        for param, value in args.items():
            rest = {k: v for k, v in args.items() if k != param}
            yield ("drop_required" if param in required else "drop_optional"), variant(rest)
            yield "wrong_value", variant({**args, param: _other_value(value)})
            yield "null", variant({**args, param: None})
            if isinstance(value, bool):
                yield "bool_to_int", variant({**args, param: int(value)})
                yield "bool_to_str", variant({**args, param: str(value)})
            elif isinstance(value, int):
                yield "int_to_float", variant({**args, param: float(value)})
                yield "int_to_str", variant({**args, param: str(value)})
                if value in (0, 1):
                    yield "int_to_bool", variant({**args, param: bool(value)})
            elif isinstance(value, float):
                if value == int(value):
                    yield "float_to_int", variant({**args, param: int(value)})
                yield "float_to_str", variant({**args, param: str(value)})
            elif isinstance(value, str):
                yield "str_upper", variant({**args, param: value.upper()})
                yield "str_spaces", variant({**args, param: value.replace(" ", "")})
                yield "str_punct", variant({**args, param: value + "."})
                yield "str_quote", variant({**args, param: value.replace('"', "'") + "'"})
            elif isinstance(value, list) and len(value) > 1:
                yield "list_order", variant({**args, param: list(reversed(value))})
        unset = [p for p, allowed in params.items() if p not in args and allowed]
        for param in unset[:1]:
            yield "add_optional", variant({**args, param: params[param][0]})
        yield "extra_param", variant({**args, "zz_unexpected": 1})
    if len(calls) > 1:
        yield "call_order", list(reversed(calls))
        yield "drop_call", calls[:-1]
    yield "duplicate_call", [*calls, calls[0]]


def python_cases(bfcl: types.SimpleNamespace, categories: tuple[str, ...] = PYTHON_CATEGORIES,
                 seed: int = 0) -> list[Case]:  # fmt: skip
    rng = random.Random(seed)
    cases: list[Case] = []
    for category in categories:
        for question, answer in entries(bfcl, category):
            if answer is None:
                continue
            calls = base_calls(answer)
            for kind, variant in perturbations(calls, answer, question["function"], rng):
                cases.append(
                    Case(
                        category,
                        question["id"],
                        kind,
                        render_python(variant),
                        question["function"],
                        answer,
                    )
                )
    for category in IRRELEVANCE_CATEGORIES:
        for question, _ in entries(bfcl, category):
            if not question["function"]:
                continue
            fn = question["function"][0]
            props = fn.get("parameters", {}).get("properties", {})
            args = {p: "x" for p in list(props)[:2]}
            for kind, text in (
                ("no_call_list", "[]"),
                ("text_answer", "I cannot help with that."),
                ("a_call", render_python([(fn["name"], args)])),
            ):
                cases.append(Case(category, question["id"], kind, text, question["function"], []))
    return cases


SOURCE_CATEGORIES = {"simple_java": "java", "simple_javascript": "javascript"}


def render_source(value: Any, kind: str, items: str | None, language: str) -> str:
    """A value written as Java or JavaScript source for its declared type."""
    if isinstance(value, str) and kind not in ("String", "char"):
        # Names (variables, enum constants, type any) are written bare; other text quoted.
        return (
            value
            if re.fullmatch(r"[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*", value)
            else json.dumps(value)
        )
    if kind in ("String", "char"):
        return json.dumps(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if kind == "long":
        return f"{value}L"
    if kind == "float" and language == "java":
        return f"{float(value)}f"
    if kind == "Bigint":
        return f"{value}n"
    if isinstance(value, list):
        inner = ", ".join(render_source(v, items or "any", None, language) for v in value)
        if language == "javascript":
            return f"[{inner}]"
        if kind == "ArrayList":
            return f"new ArrayList<>(Arrays.asList({inner}))"
        return f"new {items or 'Object'}[]{{{inner}}}"
    if isinstance(value, dict):
        if language == "javascript":
            return "{" + ", ".join(f"{k}: {json.dumps(v)}" for k, v in value.items()) + "}"
        puts = " ".join(f"put({json.dumps(k)}, {json.dumps(v)});" for k, v in value.items())
        return f"new HashMap<String, Object>() {{{{ {puts} }}}}"
    return repr(value)


def _source_call(name: str, args: dict, doc: dict, language: str) -> str:
    props = doc.get("parameters", {}).get("properties", {})
    parts = []
    for key, value in args.items():
        spec = props.get(key, {"type": "any"})
        items = (spec.get("items") or {}).get("type")
        parts.append(f"{key}={render_source(value, spec.get('type', 'any'), items, language)}")
    return f"[{name}(" + ", ".join(parts) + ")]"


def source_cases(bfcl: types.SimpleNamespace) -> list[Case]:
    """Java and JavaScript cases: the ground truth as source, and perturbations."""
    cases: list[Case] = []
    for category, language in SOURCE_CATEGORIES.items():
        for question, answer in entries(bfcl, category):
            if not answer:
                continue
            ((name, _),) = answer[0].items()
            doc = question["function"][0]
            args = base_calls(answer)[0][1]
            props = doc.get("parameters", {}).get("properties", {})
            required = set(doc.get("parameters", {}).get("required", []))
            variants: list[tuple[str, str]] = [
                ("ground_truth", _source_call(name, args, doc, language))
            ]
            variants.append(("name", _source_call(name + "X", args, doc, language)))
            variants.append(("extra_param", _source_call(name, {**args, "zz": 1}, doc, language)))
            for key, value in args.items():
                rest = {k: v for k, v in args.items() if k != key}
                kind = props.get(key, {}).get("type", "any")
                variants.append(
                    (
                        "drop_required" if key in required else "drop_optional",
                        _source_call(name, rest, doc, language),
                    )
                )
                variants.append(
                    (
                        "wrong_value",
                        _source_call(name, {**args, key: _other_value(value)}, doc, language),
                    )
                )
                text = _source_call(name, args, doc, language)
                rendered = render_source(
                    value, kind, (props.get(key, {}).get("items") or {}).get("type"), language
                )
                if kind == "long" and rendered.endswith("L"):
                    variants.append(
                        (
                            "long_no_suffix",
                            text.replace(f"{key}={rendered}", f"{key}={rendered[:-1]}"),
                        )
                    )
                if kind == "float" and language == "java" and rendered.endswith("f"):
                    variants.append(
                        (
                            "float_no_suffix",
                            text.replace(f"{key}={rendered}", f"{key}={rendered[:-1]}"),
                        )
                    )
                if rendered in ("true", "false"):
                    variants.append(
                        (
                            "bool_capital",
                            text.replace(f"{key}={rendered}", f"{key}={rendered.title()}"),
                        )
                    )
                if kind == "Bigint":
                    variants.append(
                        (
                            "bigint_no_suffix",
                            text.replace(f"{key}={rendered}", f"{key}={rendered[:-1]}"),
                        )
                    )
            for kind_name, text in variants:
                cases.append(
                    Case(category, question["id"], kind_name, text, question["function"], answer)
                )
    return cases


def bfcl_verdict(bfcl: types.SimpleNamespace, case: Case, language: str = "python") -> bool:
    """BFCL's judgement of one case, through its own decoder and checker."""
    try:
        decoded = bfcl.decode(case.text, bfcl.ReturnFormat[language.upper()])
    except Exception:
        return not case.answer  # a decode failure is right only for irrelevance
    if not case.answer:
        return not decoded or (len(decoded) == 1 and not decoded[0])
    if not isinstance(decoded, list) or not all(
        isinstance(d, dict) and len(d) == 1 and isinstance(next(iter(d.values())), dict)
        for d in decoded
    ):
        return False
    lang = {"python": bfcl.Language.PYTHON, "java": bfcl.Language.JAVA,
            "javascript": bfcl.Language.JAVASCRIPT}[language]  # fmt: skip
    try:
        result = bfcl.ast_checker(case.functions, decoded, case.answer, lang, case.category, "m")
    except Exception:
        return False
    return bool(result["valid"])


def agreement(bfcl: types.SimpleNamespace, cases: list[Case], language: str | None = None) -> dict:
    """Agreement rate and disagreements by class between BFCL and the ``bfcl`` preset."""
    from toolreward import score

    rows = []
    for case in cases:
        lang = language or SOURCE_CATEGORIES.get(case.category, "python")
        theirs = bfcl_verdict(bfcl, case, lang)
        verdict = score(case.text, case.answer, tools=case.functions, preset="bfcl", language=lang)
        rows.append((case, theirs, verdict.reward == 1.0))
    disagreements: dict[str, list] = {}
    for case, theirs, ours in rows:
        if theirs != ours:
            disagreements.setdefault(case.kind, []).append((case, theirs, ours))
    agree = sum(theirs == ours for _, theirs, ours in rows)
    valid = sum(theirs for _, theirs, _ in rows)
    return {"total": len(rows), "agree": agree, "valid": valid, "disagreements": disagreements}
