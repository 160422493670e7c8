"""Score a ``bfcl generate`` result directory or file against BFCL's own data.

``bfcl generate`` writes ``result/<model>/<group>/BFCL_v4_<category>_result.json``
(JSON Lines of ``{"id", "result", ...}``).  ``evaluate`` reads every result
file under a path, joins each entry by id with BFCL's test data and possible
answers (``toolreward.bfcl.data``) and judges it with the ``bfcl`` preset's
functions, category by category, as ``bfcl evaluate`` does:

* AST categories: the output is decoded (text, or an FC model's call list,
  ``toolreward.bfcl.fc``) and checked against the possible answer;
* ``irrelevance`` and ``live_irrelevance``: right iff no call is decoded;
  ``live_relevance``: right iff some call is;
* multi-turn, agentic, executable and format-sensitivity categories are not
  scored (``leaderboard.NOT_SCORED``): they are listed with their entry count.

A model is an FC model when any of its results is a call list (or when
``RunOptions.fc`` says so); its text results are then no call, as BFCL's FC
decoders fail on text.  ``write_scores`` writes BFCL's score files and
leaderboard CSVs.

>>> RESULT_FILE.search("result/m/live/BFCL_v4_live_simple_result.json").group(2)
'live_simple'
"""

from __future__ import annotations

import csv
import json
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import reasons as R
from ..errors import ConfigError
from ..ground_truth import GroundTruth, load_ground_truth
from ..results import Verdict
from .checker import Rules
from .data import BfclData, find_data
from .docs import load_docs
from .fc import fc_calls
from .leaderboard import (
    LIVE,
    NOT_SCORED,
    bfcl_overall,
    bfcl_table,
    canonical_category,
    category_language,
)
from .preset import check_options, judge_calls, judge_relevance, read_output

RESULT_FILE = re.compile(r"(BFCL_v\d+)_(\w+?)_result\.json$")
GROUP_DIRS = frozenset(
    {"non_live", "live", "multi_turn", "agentic", "format_sensitivity", "memory"}
)
"""Directories ``bfcl generate`` puts between a model's directory and its files."""


@dataclass(frozen=True)
class RunOptions:
    """How a BFCL run is scored.

    Attributes:
        version: ``"v4"`` (``bfcl-eval``) or ``"v3"`` (``nvidia-bfcl``).
        data: a directory holding BFCL's data files, instead of the installed package's.
        fc: ``True``/``False`` forces FC-model / prompting results; ``None`` decides
            per model from the results' shape.
        underscore_to_dot: the model's API forbids dots in function names (BFCL's
            ``underscore_to_dot``): an expected ``a.b`` is matched by ``a_b``.
        bfcl_compat: reproduce BFCL's decoder quirks for exact parity.
        format: how text results are read (default ``pythonic``, BFCL's prompting
            format; e.g. ``hermes`` for a local FC model's raw text).
        models: score only these model directories (empty: all).
    """

    version: str = "v4"
    data: str | None = None
    fc: bool | None = None
    underscore_to_dot: bool = False
    bfcl_compat: bool = False
    format: str = "pythonic"
    models: tuple[str, ...] = ()


@dataclass
class CategoryScore:
    """One category of one model: counts, reasons and BFCL-style failure entries."""

    category: str
    scored: bool = True
    correct: int = 0
    total: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    failures: list[dict[str, Any]] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)


@dataclass
class ModelScore:
    """Every category of one model."""

    model: str
    fc: bool
    categories: dict[str, CategoryScore] = field(default_factory=dict)

    def table(self, data: BfclData) -> dict[str, Any]:
        """The BFCL table (``leaderboard.bfcl_table``) plus BFCL's own overall figure."""
        scored = {
            canonical_category(c.category): (c.correct, c.total)
            for c in self.categories.values()
            if c.scored
        }
        not_scored = {c.category: c.total for c in self.categories.values() if not c.scored}
        live = (*LIVE, "live_irrelevance", "live_relevance")
        sizes = {cat: data.count(cat) for cat in live}
        table = bfcl_table({k: [h, n] for k, (h, n) in scored.items()})
        table["not_scored"] = not_scored
        table["bfcl_version"] = data.version.name
        table["bfcl_overall"] = bfcl_overall(scored, not_scored, sizes, data.version.name)
        return table


def result_files(path: Path) -> list[tuple[str, str, Path]]:
    """``(model, category, file)`` for every BFCL result file at or under ``path``."""
    if path.is_file():
        files = [path]
        root = path.parent
    elif path.is_dir():
        files = sorted(p for p in path.rglob("BFCL_v*_result.json") if p.is_file())
        root = path
    else:
        raise ConfigError(f"{path}: no such file or directory")
    found = []
    for file in files:
        m = RESULT_FILE.search(file.name)
        if m is None:
            raise ConfigError(f"{file}: not a BFCL result file (BFCL_v4_<category>_result.json)")
        found.append((_model_name(file, root), m.group(2), file))
    if not found:
        raise ConfigError(f"{path}: no BFCL result files (BFCL_v*_<category>_result.json)")
    return found


def _model_name(file: Path, root: Path) -> str:
    parts = file.parent.relative_to(root).parts
    if parts and parts[0] not in GROUP_DIRS:
        return parts[0]
    for parent in (root, *root.parents):
        if parent.name and parent.name not in GROUP_DIRS:
            return parent.name
    return "model"


def evaluate(
    path: str | Path, options: RunOptions = RunOptions()
) -> tuple[list[ModelScore], BfclData]:
    """Score every result file under ``path``; one ``ModelScore`` per model directory."""
    data = find_data(options.version, options.data)
    by_model: dict[str, list[tuple[str, Path]]] = {}
    for model, category, file in result_files(Path(path)):
        if options.models and model not in options.models:
            continue
        by_model.setdefault(model, []).append((category, file))
    scores = []
    for model, files in by_model.items():
        lines = {category: _read_lines(file) for category, file in files}
        fc = options.fc
        if fc is None:
            fc = any(type(rec.get("result")) is list for recs in lines.values()
                     for rec in recs if type(rec) is dict and not _multi_turn(rec))  # fmt: skip
        score = ModelScore(model, fc)
        for category, records in lines.items():
            score.categories[category] = score_category(model, category, records, data, options, fc)
        scores.append(score)
    return scores, data


def _multi_turn(rec: dict[str, Any]) -> bool:
    result = rec.get("result")
    return type(result) is list and any(type(x) is list for x in result)


def _read_lines(file: Path) -> list[Any]:
    """Each line as JSON, or the error text of a line that is not JSON."""
    out: list[Any] = []
    with file.open("rb") as f:
        for number, raw in enumerate(f, 1):
            if not raw.strip():
                continue
            try:
                out.append(json.loads(raw))
            except ValueError as exc:
                out.append(f"{file.name}:{number}: not JSON ({exc})")
    return out


_NO_CALLS = load_ground_truth([])


def score_category(
    model: str,
    category: str,
    records: list[Any],
    data: BfclData,
    options: RunOptions,
    fc: bool,
) -> CategoryScore:
    """Judge one category's result lines; every line counts once."""
    out = CategoryScore(category, scored=category not in NOT_SCORED)
    out.total = len(records)
    if not out.scored:
        return out
    entries = data.entries(category)
    language = category_language(canonical_category(category))
    relevance = category == "live_relevance"
    irrelevance = "irrelevance" in category
    parse_opts = check_options({"format": options.format, "language": language})
    rules = Rules(language, options.bfcl_compat, options.underscore_to_dot)
    for rec in records:
        rec_id = rec.get("id") if type(rec) is dict else None
        entry = entries.get(rec_id) if type(rec_id) is str else None
        if entry is None or "result" not in rec:
            why = rec if type(rec) is str else (
                f"id {rec_id!r} is not in BFCL {data.version.name} {category}"
                if entry is None else f"id {rec_id!r} has no 'result'"
            )  # fmt: skip
            out.reasons[R.BAD_RECORD] += 1
            out.failures.append({"id": rec_id, "model_name": model, "test_category": category,
                                 "valid": False, "error": [why], "error_type": "bad_record",
                                 "reason": R.BAD_RECORD})  # fmt: skip
            continue
        result = rec["result"]
        if type(rec.get("latency")) in (int, float):
            out.latencies.append(rec["latency"])
        if fc and type(result) is not list and options.format == "pythonic":
            error, detail, calls = fc_calls(result)
        else:
            error, detail, calls = read_output(result, parse_opts)
        verdict = _judge(error, detail, calls, entry, relevance, irrelevance, rules)
        out.reasons[verdict.reason] += 1
        if verdict.reward == 1.0:
            out.correct += 1
        else:
            out.failures.append(
                {
                    "id": rec_id,
                    "model_name": model,
                    "test_category": category,
                    "valid": False,
                    "error": [verdict.detail],
                    "error_type": _error_type(verdict, relevance, irrelevance),
                    "reason": verdict.reason,
                    "model_result_raw": result,
                    "possible_answer": entry.possible_answer,
                }
            )
    return out


def _judge(
    error: str | None,
    detail: str,
    calls: Any,
    entry: Any,
    relevance: bool,
    irrelevance: bool,
    rules: Rules,
) -> Verdict:
    if relevance:
        return judge_relevance(error, detail, calls)
    if irrelevance:
        return judge_calls(error, detail, calls, _NO_CALLS, None, rules)  # type: ignore[arg-type]
    truth: GroundTruth = load_ground_truth(entry.possible_answer)
    return judge_calls(error, detail, calls, truth, load_docs(entry.function), rules)


def _error_type(verdict: Verdict, relevance: bool, irrelevance: bool) -> str:
    if irrelevance:
        return "irrelevance_error:decoder_success"
    if relevance:
        return "relevance_error:decoder_failed"
    head = verdict.detail.split(": ", 1)[0]
    return head if ":" in head else verdict.reason


# --- output --------------------------------------------------------------------


def write_scores(scores: list[ModelScore], data: BfclData, score_dir: str | Path) -> list[Path]:
    """BFCL's score files (``<model>/<group>/BFCL_vN_<category>_score.json``: a header
    line, then one line per failed entry) and leaderboard CSVs; the paths written."""
    root = Path(score_dir)
    written: list[Path] = []
    prefix = data.version.prefix
    for score in scores:
        for cat in score.categories.values():
            if not cat.scored:
                continue
            folder = root / score.model / _group(cat.category)
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{prefix}_{cat.category}_score.json"
            header = {
                "accuracy": cat.correct / cat.total if cat.total else 0.0,
                "correct_count": cat.correct,
                "total_count": cat.total,
                "reasons": dict(sorted(cat.reasons.items())),
            }
            with path.open("w", encoding="utf-8") as f:
                for line in (header, *cat.failures):
                    f.write(json.dumps(line, ensure_ascii=False) + "\n")
            written.append(path)
    written += _write_csvs(scores, data, root)
    return written


def _group(category: str) -> str:
    if "multi_turn" in category:
        return "multi_turn"
    if "live" in category:
        return "live"
    return "non_live"


def _mean(xs: list[float | None]) -> float | None:
    return None if None in xs else sum(xs) / len(xs)  # type: ignore[arg-type]


def _zero(xs: list[float | None]) -> list[float]:
    return [0.0 if x is None else x for x in xs]


def _pct(x: float | None) -> str:
    return "N/A" if x is None else f"{100 * x:.2f}%"


def _write_csvs(scores: list[ModelScore], data: BfclData, root: Path) -> list[Path]:
    """``data_non_live.csv``, ``data_live.csv`` and ``data_overall.csv`` in BFCL v4's
    column layout (categories that were not run are ``N/A``), plus
    ``toolreward_bfcl.csv``: every category with its counts and the summary figures."""
    non_live: list[list[Any]] = []
    live: list[list[Any]] = []
    overall: list[list[Any]] = []
    ours: list[list[Any]] = []
    for score in scores:
        table = score.table(data)
        cats = table["categories"]

        def acc(cat: str, cats: dict[str, Any] = cats) -> float | None:
            return cats[cat]["accuracy"] if cat in cats else None

        # BFCL shows a summary as N/A when a part was not run, but counts that part
        # as 0 in the "Overall Acc" columns (eval_runner_helper.generate_leaderboard_csv).
        simple = [acc(c) for c in ("simple_python", "simple_java", "simple_javascript")]
        simple_avg = _mean(simple)
        nl_parts = [simple_avg, acc("multiple"), acc("parallel"), acc("parallel_multiple")]
        nl_summary = _mean(nl_parts)
        nl_overall = sum(_zero(simple)) / 12 + sum(_zero(nl_parts[1:])) / 4
        total_irr = _mean([acc("irrelevance"), acc("live_irrelevance")])
        live_parts = [acc(c) for c in LIVE]
        live_summary = table["live"] if None not in live_parts else None
        hits = sum(score.categories[c].correct for c in LIVE if c in score.categories)
        sizes = sum(score.categories[c].total if c in score.categories else data.count(c)
                    for c in LIVE)  # fmt: skip
        live_overall = hits / sizes if sizes else 0.0
        latencies = [x for c in score.categories.values() for x in c.latencies]
        lat = (
            [round(statistics.mean(latencies), 2), round(statistics.stdev(latencies), 2),
             round(statistics.quantiles(latencies, n=100, method="inclusive")[94], 2)]
            if len(latencies) > 1 else ["N/A"] * 3
        )  # fmt: skip
        ran_multi_turn = any("multi_turn" in c for c in score.categories)
        multi_turn = ["N/A" if ran_multi_turn else "0.00%", *["N/A"] * 11]
        non_live.append(
            [nl_overall, score.model, _pct(nl_overall), _pct(nl_summary),
             _pct(simple_avg), *map(_pct, simple), _pct(acc("multiple")), _pct(acc("parallel")),
             _pct(acc("parallel_multiple")), _pct(acc("irrelevance"))]
        )  # fmt: skip
        live.append(
            [live_overall, score.model, _pct(live_overall), _pct(live_summary),
             *map(_pct, live_parts), _pct(acc("live_irrelevance")), _pct(acc("live_relevance"))]
        )  # fmt: skip
        overall.append(
            [table["bfcl_overall"], _pct(table["bfcl_overall"]), score.model, "N/A", "N/A",
             *map(str, lat),
             _pct(nl_summary), _pct(simple_avg), _pct(acc("multiple")), _pct(acc("parallel")),
             _pct(acc("parallel_multiple")), _pct(live_overall), *map(_pct, live_parts),
             *multi_turn, _pct(acc("live_relevance")), _pct(total_irr), "N/A", "N/A",
             "N/A", "N/A"]
        )  # fmt: skip
        for cat, row in sorted(table["categories"].items()):
            counts = next(
                c for c in score.categories.values() if canonical_category(c.category) == cat
            )
            reasons = " ".join(f"{k}={v}" for k, v in sorted(counts.reasons.items()))
            ours.append(
                [score.model, cat, row["entries"], counts.correct, _pct(row["accuracy"]), reasons]
            )
        for cat, n in sorted(table["not_scored"].items()):
            ours.append([score.model, cat, n, "", "not scored", ""])
        for label, key in (("Non-Live AST", "non_live"), ("Live AST", "live"),
                           ("Overall (Non-Live+Live)/2", "overall"),
                           (f"BFCL {data.version.name} overall", "bfcl_overall")):  # fmt: skip
            ours.append([score.model, label, "", "", _pct(table[key]), ""])
    root.mkdir(parents=True, exist_ok=True)
    files = []
    if data.version.name == "v4":
        for name, header, rows in (
            ("data_non_live.csv", NON_LIVE_COLUMNS, non_live),
            ("data_live.csv", LIVE_COLUMNS, live),
            ("data_overall.csv", OVERALL_COLUMNS, overall),
        ):
            rows.sort(key=lambda r: -1.0 if r[0] is None else r[0], reverse=True)
            body = [[str(rank), *row[1:]] for rank, row in enumerate(rows, 1)]
            path = root / name
            path.write_text("\n".join(",".join(r) for r in [header, *body]), encoding="utf-8")
            files.append(path)
    path = root / "toolreward_bfcl.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["model", "category", "entries", "correct", "accuracy", "reasons"])
        w.writerows(ours)
    files.append(path)
    return files


# Column names of bfcl-eval 2026.3.23's bfcl_eval/constants/column_headers.py.
NON_LIVE_COLUMNS = ["Rank", "Model", "Non-Live Overall Acc", "AST Summary", "Simple AST",
                    "Python Simple AST", "Java Simple AST", "JavaScript Simple AST",
                    "Multiple AST", "Parallel AST", "Parallel Multiple AST",
                    "Irrelevance Detection"]  # fmt: skip
LIVE_COLUMNS = ["Rank", "Model", "Live Overall Acc", "AST Summary", "Python Simple AST",
                "Python Multiple AST", "Python Parallel AST", "Python Parallel Multiple AST",
                "Irrelevance Detection", "Relevance Detection"]  # fmt: skip
OVERALL_COLUMNS = ["Rank", "Overall Acc", "Model", "Model Link", "Total Cost ($)",
                   "Latency Mean (s)", "Latency Standard Deviation (s)",
                   "Latency 95th Percentile (s)", "Non-Live AST Acc", "Non-Live Simple AST",
                   "Non-Live Multiple AST", "Non-Live Parallel AST",
                   "Non-Live Parallel Multiple AST", "Live Acc", "Live Simple AST",
                   "Live Multiple AST", "Live Parallel AST", "Live Parallel Multiple AST",
                   "Multi Turn Acc", "Multi Turn Base", "Multi Turn Miss Func",
                   "Multi Turn Miss Param", "Multi Turn Long Context", "Web Search Acc",
                   "Web Search Base", "Web Search No Snippet", "Memory Acc", "Memory KV",
                   "Memory Vector", "Memory Recursive Summarization", "Relevance Detection",
                   "Irrelevance Detection", "Format Sensitivity Max Delta",
                   "Format Sensitivity Standard Deviation", "Organization", "License"]  # fmt: skip
