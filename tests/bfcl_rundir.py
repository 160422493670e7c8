"""A realistic ``bfcl generate`` result directory, and BFCL's own ``bfcl evaluate`` on it.

``build_run_dir`` writes ``result/<model>/<group>/BFCL_v4_<category>_result.json``
for two models, built from BFCL's bundled data (first entries of each category):

* ``prompt-model`` (prompting): per entry one of the ground truth, a
  perturbation (``bfcl_harness.perturbations``), a decode failure (prose, a
  cut-off call) or the calls in backticks; every Java/JavaScript entry as
  source (the ground truth, or a dropped argument or a wrong name); text,
  ``[]`` and calls for (ir)relevance; plus a ``multi_turn_base`` file;
* ``fc-model`` (FC, dotted names written with underscores): the calls as
  ``[{name: "{json args}"}]``, text answers as strings.

``bfcl_evaluate`` runs BFCL's own ``eval_runner.runner`` on that directory.
BFCL's model registry imports every vendor SDK; it is replaced by a registry
of these two models, whose handlers are BFCL's ``OpenAICompletionsHandler``
(its ``openai`` import is given a stand-in: only its decoders run).
"""

from __future__ import annotations

import json
import random
import sys
import types
from pathlib import Path
from typing import Any

from bfcl_harness import (
    base_calls,
    entries,
    load_bfcl,
    perturbations,
    render_python,
)

PROMPT_MODEL = "prompt-model"
FC_MODEL = "fc-model"
AST = ("simple_python", "multiple", "parallel", "parallel_multiple", "live_simple",
       "live_multiple", "live_parallel", "live_parallel_multiple")  # fmt: skip
SOURCE = ("simple_java", "simple_javascript")
RELEVANCE = ("irrelevance", "live_irrelevance", "live_relevance")


def _group(category: str) -> str:
    if "multi_turn" in category:
        return "multi_turn"
    return "live" if "live" in category else "non_live"


def _write(root: Path, model: str, category: str, rows: list[dict[str, Any]]) -> None:
    folder = root / model / _group(category)
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / f"BFCL_v4_{category}_result.json").open("w") as f:
        for row in rows:
            f.write(json.dumps(row) + "\n")


def _source_text(question: dict, answer: list, language: str, rng: random.Random) -> str:
    from bfcl_harness import _source_call

    ((name, _),) = answer[0].items()
    args = base_calls(answer)[0][1]
    doc = question["function"][0]
    pick = rng.random()
    if pick < 0.15 and args:
        args = dict(list(args.items())[1:])
    elif pick < 0.25:
        name = name + "X"
    return _source_call(name, args, doc, language)


def build_run_dir(root: Path, per_category: int = 30, seed: int = 0) -> Path:
    """Write the result directory under ``root``; returns ``root``."""
    bfcl = load_bfcl()
    rng = random.Random(seed)
    for category in AST:
        prompt_rows, fc_rows = [], []
        for question, answer in list(entries(bfcl, category))[:per_category]:
            assert answer is not None
            calls = base_calls(answer)
            variants = list(perturbations(calls, answer, question["function"], rng))
            pick = rng.random()
            if pick < 0.45:
                chosen = calls
            elif pick < 0.85:
                chosen = rng.choice(variants)[1]
            else:
                chosen = None
            if chosen is None:
                text = rng.choice(["I need more details to answer.",
                                   render_python(calls)[:-3], ""])  # fmt: skip
            else:
                text = render_python(chosen)
                if rng.random() < 0.1:
                    text = f"```\n{text}\n```"
            prompt_rows.append({"id": question["id"], "result": text, "latency": rng.random()})
            if chosen is None:
                fc_result: Any = "Could you tell me more?"
            else:
                fc_result = [{n.replace(".", "_"): json.dumps(a)} for n, a in chosen]
            fc_rows.append({"id": question["id"], "result": fc_result, "latency": rng.random()})
        _write(root, PROMPT_MODEL, category, prompt_rows)
        _write(root, FC_MODEL, category, fc_rows)
    for category, language in zip(SOURCE, ("java", "javascript")):
        rows = []
        # Every entry: the few Java string arrays are where BFCL's decoder quirk shows.
        for question, answer in entries(bfcl, category):
            assert answer
            rows.append(
                {"id": question["id"], "result": _source_text(question, answer, language, rng)}
            )
        _write(root, PROMPT_MODEL, category, rows)
    for category in RELEVANCE:
        prompt_rows, fc_rows = [], []
        for question, _ in list(entries(bfcl, category))[:per_category]:
            fn = question["function"][0]
            props = list(fn.get("parameters", {}).get("properties", {}))[:2]
            args = {p: "x" for p in props}
            pick = rng.random()
            if pick < 0.4:
                text, fc_result = (
                    render_python([(fn["name"], args)]),
                    [{fn["name"].replace(".", "_"): json.dumps(args)}],
                )
            elif pick < 0.7:
                text, fc_result = "I cannot help with that.", "I cannot help with that."
            else:
                text, fc_result = "[]", []
            prompt_rows.append({"id": question["id"], "result": text})
            fc_rows.append({"id": question["id"], "result": fc_result})
        _write(root, PROMPT_MODEL, category, prompt_rows)
        _write(root, FC_MODEL, category, fc_rows)
    multi = [{"id": f"multi_turn_base_{i}", "result": [["[ls()]"], ["[cd(folder='x')]"]]}
             for i in range(3)]  # fmt: skip
    _write(root, PROMPT_MODEL, "multi_turn_base", multi)
    return root


def _registry() -> dict[str, Any]:
    """Stand-ins for BFCL's model registry and the ``openai`` SDK its handler imports."""
    if "openai" not in sys.modules:
        fake = types.ModuleType("openai")

        class RateLimitError(Exception):
            pass

        class OpenAI:
            def __init__(self, **kwargs: Any) -> None:
                pass

        fake.OpenAI = OpenAI  # type: ignore[attr-defined]
        fake.RateLimitError = RateLimitError  # type: ignore[attr-defined]
        sys.modules["openai"] = fake
    from bfcl_eval.model_handler.api_inference.openai_completion import (
        OpenAICompletionsHandler,
    )

    def config(name: str, fc: bool) -> types.SimpleNamespace:
        return types.SimpleNamespace(
            model_name=name, display_name=name, url="", org="", license="",
            model_handler=OpenAICompletionsHandler, input_price=None, output_price=None,
            is_fc_model=fc, underscore_to_dot=fc,
        )  # fmt: skip

    return {PROMPT_MODEL: config(PROMPT_MODEL, False), FC_MODEL: config(FC_MODEL, True)}


def bfcl_evaluate(result_dir: Path, score_dir: Path) -> dict[str, dict[str, float]]:
    """BFCL's own evaluation of ``result_dir`` (AST and relevance categories):
    ``{model: {category: accuracy}}``; also writes BFCL's files to ``score_dir``."""
    load_bfcl()
    registry = _registry()
    sys.modules["bfcl_eval.constants.model_config"].MODEL_CONFIG_MAPPING = registry  # type: ignore[attr-defined]
    from bfcl_eval.eval_checker import eval_runner, eval_runner_helper

    eval_runner.MODEL_CONFIG_MAPPING = registry
    eval_runner_helper.MODEL_CONFIG_MAPPING = registry
    from bfcl_eval.eval_checker.ast_eval import ast_checker

    ast_checker.MODEL_CONFIG_MAPPING = registry
    categories = [*AST, *SOURCE, *RELEVANCE]
    eval_runner.runner(None, categories, result_dir, score_dir, allow_missing=True)
    out: dict[str, dict[str, float]] = {}
    for file in score_dir.rglob("BFCL_v4_*_score.json"):
        model = file.relative_to(score_dir).parts[0]
        header = json.loads(file.read_text().splitlines()[0])
        category = file.name[len("BFCL_v4_") : -len("_score.json")]
        out.setdefault(model, {})[category] = header["accuracy"]
    return out
