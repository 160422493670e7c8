"""``toolreward bfcl``: BFCL result directories scored against BFCL's own data.

The agreement test builds a realistic result directory (``bfcl_rundir``) and
compares every category, and BFCL's leaderboard CSVs, with BFCL's own
``bfcl evaluate`` run on the same directory.  The other tests use a small
BFCL-shaped data directory (``--bfcl-data``), so they need no BFCL install.
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest
from bfcl_harness import bfcl_data_or_skip

from toolreward.bfcl.checker import Rules, check_call
from toolreward.bfcl.data import find_data
from toolreward.bfcl.docs import load_docs
from toolreward.bfcl.fc import fc_calls
from toolreward.bfcl.leaderboard import LIVE, bfcl_category, bfcl_overall
from toolreward.bfcl.run import RunOptions, evaluate, result_files, write_scores
from toolreward.calls import ToolCall
from toolreward.cli import main
from toolreward.errors import ConfigError
from toolreward.ground_truth import load_ground_truth
from toolreward.presets import PRESETS

REQUIRE_BFCL = os.environ.get("TOOLREWARD_REQUIRE_BFCL") == "1"

DOC = {"name": "math.factorial", "description": "n!",
       "parameters": {"type": "dict", "properties": {"n": {"type": "integer"}},
                      "required": ["n"]}}  # fmt: skip
WEATHER = {"name": "weather", "description": "",
           "parameters": {"type": "dict", "properties": {"city": {"type": "string"}},
                          "required": ["city"]}}  # fmt: skip


def _jsonl(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))


@pytest.fixture()
def data_dir(tmp_path: Path) -> Path:
    """BFCL v4's file layout with three small categories."""
    root = tmp_path / "data"
    simple = [{"id": f"simple_python_{i}", "question": [], "function": [DOC]} for i in range(3)]
    _jsonl(root / "BFCL_v4_simple_python.json", simple)
    _jsonl(root / "possible_answer" / "BFCL_v4_simple_python.json",
           [{"id": f"simple_python_{i}", "ground_truth": [{"math.factorial": {"n": [i]}}]}
            for i in range(3)])  # fmt: skip
    parallel = [{"id": "parallel_0", "question": [], "function": [WEATHER]}]
    _jsonl(root / "BFCL_v4_parallel.json", parallel)
    _jsonl(root / "possible_answer" / "BFCL_v4_parallel.json",
           [{"id": "parallel_0", "ground_truth": [{"weather": {"city": ["paris", "Paris"]}},
                                                   {"weather": {"city": ["pa"]}}]}])  # fmt: skip
    _jsonl(
        root / "BFCL_v4_irrelevance.json",
        [{"id": f"irrelevance_{i}", "question": [], "function": [WEATHER]} for i in range(2)],
    )
    for cat in LIVE:
        _jsonl(root / f"BFCL_v4_{cat}.json",
               [{"id": f"{cat}_0-0-0", "question": [], "function": [WEATHER]}])  # fmt: skip
        _jsonl(root / "possible_answer" / f"BFCL_v4_{cat}.json",
               [{"id": f"{cat}_0-0-0", "ground_truth": [{"weather": {"city": ["x"]}}]}])  # fmt: skip
    return root


def _result(root: Path, model: str, category: str, rows: list[dict]) -> None:
    group = "live" if "live" in category else "non_live"
    if "multi_turn" in category:
        group = "multi_turn"
    _jsonl(root / model / group / f"BFCL_v4_{category}_result.json", rows)


# --- reading result directories ---------------------------------------------------


@pytest.mark.parametrize(
    "relative, model",
    [
        ("result/gpt-4o-FC/non_live/BFCL_v4_simple_python_result.json", "gpt-4o-FC"),
        ("gpt-4o-FC/live/BFCL_v4_live_simple_result.json", "gpt-4o-FC"),
        ("non_live/BFCL_v4_simple_python_result.json", "run"),
    ],
)
def test_model_name_from_layout(tmp_path: Path, relative: str, model: str) -> None:
    base = tmp_path / "run"
    _jsonl(base / relative, [{"id": "simple_python_0", "result": "[]"}])
    start = base / "result" if relative.startswith("result/") else base
    assert [m for m, _, _ in result_files(start)] == [model]


def test_no_result_files_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no BFCL result files"):
        result_files(tmp_path)


def test_missing_data_names_the_package(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        find_data("v4", tmp_path / "nope")
    with pytest.raises(ConfigError, match="expected one of v4, v3"):
        find_data("v9")


# --- FC results -------------------------------------------------------------------


@pytest.mark.parametrize(
    "result, reason, calls",
    [
        ([{"f": '{"a": 1}'}], None, [ToolCall("f", {"a": 1})]),
        ([{"f": {"a": 1}}], None, [ToolCall("f", {"a": 1})]),  # Gemini's handler: objects
        ([], None, []),
        ("Sorry, I can't.", "missing_tool_call", None),
        ([{"f": "{bad"}], "invalid_json", None),
        ([{"f": '{"a": 1, "a": 2}'}], "duplicate_key", None),
        ([{"f": "[1]"}], "arguments_not_object", None),
        (["f"], "call_not_object", None),
        ([{}], "call_not_object", None),
    ],
)
def test_fc_calls(result: object, reason: str | None, calls: object) -> None:
    got = fc_calls(result)
    assert got[0] == reason
    assert got[2] == calls


def test_underscore_to_dot_matches_underscore_form_only() -> None:
    docs = load_docs([DOC])
    (option,) = load_ground_truth([{"math.factorial": {"n": [5]}}]).possible or ()
    u2d = Rules(underscore_to_dot=True)
    assert check_call(ToolCall("math_factorial", {"n": 5}), option, docs, u2d) is None
    assert check_call(ToolCall("math.factorial", {"n": 5}), option, docs, u2d) is not None
    assert check_call(ToolCall("math.factorial", {"n": 5}), option, docs, Rules()) is None
    assert check_call(ToolCall("math_factorial", {"n": 5}), option, docs, Rules()) is not None


@pytest.mark.parametrize(
    "completion, compat, reward",
    [
        # BFCL's first-fit gives the first answer the first call that fits it ("pa"),
        # then "paris" fits no other answer; optimal pairing accepts the order.
        ("[weather(city='pa'), weather(city='paris')]", False, 1.0),
        ("[weather(city='pa'), weather(city='paris')]", True, 0.0),
        ("[weather(city='paris'), weather(city='pa')]", False, 1.0),
        ("[weather(city='paris'), weather(city='pa')]", True, 1.0),
        ("[weather(city='paris'), weather(city='Paris')]", False, 0.0),
        ("[weather(city='paris'), weather(city='Paris')]", True, 0.0),
    ],
)
def test_parallel_pairing_first_fit_only_in_compat(
    completion: str, compat: bool, reward: float
) -> None:
    truth = [{"weather": {"city": ["paris", "pa"]}}, {"weather": {"city": ["pa"]}}]
    scorer = PRESETS["bfcl"].build({"bfcl_compat": compat})
    assert scorer(completion, load_ground_truth(truth), [WEATHER]).reward == reward


def test_java_string_array_quotes_kept_only_in_compat() -> None:
    doc = {"name": "f", "parameters": {"type": "dict", "required": ["names"], "properties": {
        "names": {"type": "Array", "items": {"type": "String"}}}}}  # fmt: skip
    truth = load_ground_truth([{"f": {"names": [["a", "b"]]}}])
    text = '[f(names=new String[]{"a", "b"})]'
    for compat, reward in ((False, 1.0), (True, 0.0)):
        scorer = PRESETS["bfcl"].build({"language": "java", "bfcl_compat": compat})
        assert scorer(text, truth, [doc]).reward == reward


# --- overall figures --------------------------------------------------------------


def test_bfcl_overall_v4_weights() -> None:
    cats = {"simple_python": (1, 1), "multiple": (1, 2), "irrelevance": (1, 1),
            **{c: (1, 2) for c in LIVE}}  # fmt: skip
    # Non-Live: simple = (1 + 0 + 0) / 3, rest (0.5, 0, 0) -> (1/3 + 0.5) / 4
    non_live = (1 / 3 + 0.5) / 4
    expected = (10 * non_live + 10 * 0.5 + 10 * 0.5) / 100
    assert bfcl_overall(cats, {}, dict.fromkeys(LIVE, 2)) == pytest.approx(expected)
    assert bfcl_overall(cats, {"multi_turn_base": 3}, dict.fromkeys(LIVE, 2)) is None


def test_bfcl_overall_v3_is_a_mean_of_three() -> None:
    live = {c: (1, 1) for c in (*LIVE, "live_irrelevance", "live_relevance")}
    cats = {**live, "simple_python": (1, 1)}
    non_live = (1 / 3) / 9
    assert bfcl_overall(cats, {}, None, "v3") == pytest.approx((1 + non_live + 0) / 3)


def test_v3_names_read_as_v4() -> None:
    assert [bfcl_category(i) for i in ("simple_3", "java_0", "javascript_9", "exec_simple_1")] == [
        "simple_python", "simple_java", "simple_javascript", "exec_simple"]  # fmt: skip


# --- the command ------------------------------------------------------------------


def _run(tmp_path: Path, data_dir: Path) -> Path:
    results = tmp_path / "result"
    _result(results, "m-FC", "simple_python", [
        {"id": "simple_python_0", "result": [{"math_factorial": '{"n": 0}'}]},
        {"id": "simple_python_1", "result": "I'd rather not."},
        {"id": "simple_python_2", "result": [{"math_factorial": '{"n": 7}'}]},
    ])  # fmt: skip
    _result(results, "m-FC", "irrelevance", [
        {"id": "irrelevance_0", "result": "No tool fits."},
        {"id": "irrelevance_1", "result": [{"weather": '{"city": "x"}'}]},
    ])  # fmt: skip
    _result(results, "m-FC", "multi_turn_base", [{"id": "multi_turn_base_0", "result": [[]]}])
    return results


def test_cli_scores_a_result_directory(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    results = _run(tmp_path, data_dir)
    code = main(["bfcl", str(results), "--bfcl-data", str(data_dir), "--underscore-to-dot",
                 "--score-dir", str(tmp_path / "score")])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    assert "model m-FC (FC; BFCL v4 data)" in out
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line.strip()}
    assert rows["simple_python"] == ["3", "33.33"]
    assert rows["irrelevance"] == ["2", "50.00"]
    assert rows["multi_turn_base"] == ["1", "not", "scored"]
    assert "BFCL v4 overall" in out and "n/a" in out  # multi-turn present, not scored
    score = tmp_path / "score" / "m-FC" / "non_live" / "BFCL_v4_simple_python_score.json"
    header, *failures = [json.loads(x) for x in score.read_text().splitlines()]
    assert (header["correct_count"], header["total_count"]) == (1, 3)
    assert [f["reason"] for f in failures] == ["missing_tool_call", "wrong_argument_value"]
    assert {f["id"] for f in failures} == {"simple_python_1", "simple_python_2"}
    with (tmp_path / "score" / "data_non_live.csv").open() as f:
        (row,) = list(csv.DictReader(f))
    assert row["Python Simple AST"] == "33.33%" and row["Java Simple AST"] == "N/A"


def test_cli_without_underscore_to_dot_fails_dotted_names(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    results = _run(tmp_path, data_dir)
    assert main(["bfcl", str(results), "--bfcl-data", str(data_dir), "--json"]) == 0
    table = json.loads(capsys.readouterr().out)["m-FC"]
    assert table["categories"]["simple_python"]["accuracy"] == 0.0
    assert table["reasons"]["wrong_function_name"] == 2


def test_cli_bad_lines_are_counted_never_dropped(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    results = tmp_path / "result"
    path = results / "m" / "non_live" / "BFCL_v4_simple_python_result.json"
    path.parent.mkdir(parents=True)
    path.write_text('{"id": "simple_python_0", "result": "[math.factorial(n=0)]"}\n'
                    "not json\n"
                    '{"id": "simple_python_99", "result": "[]"}\n'
                    '{"id": "simple_python_1"}\n')  # fmt: skip
    code = main(["bfcl", str(results), "--bfcl-data", str(data_dir), "--json",
                 "--score-dir", str(tmp_path / "s")])  # fmt: skip
    assert code == 1
    report = json.loads(capsys.readouterr().out)["m"]
    assert report["categories"]["simple_python"] == {"accuracy": 0.25, "entries": 4}
    assert report["reasons"] == {"bad_record": 3, "ok": 1}
    lines = (tmp_path / "s" / "m" / "non_live" / "BFCL_v4_simple_python_score.json").read_text()
    assert "not JSON" in lines and "simple_python_99" in lines and "has no 'result'" in lines


@pytest.mark.parametrize(
    "argv, message",
    [
        (["bfcl", "/no/such/dir"], "no such file or directory"),
        (["bfcl", ".", "--format", "yaml"], "--format 'yaml'"),
    ],
)
def test_cli_usage_errors(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    assert message in capsys.readouterr().err


# --- agreement with `bfcl evaluate` -------------------------------------------------


def _bfcl_or_skip() -> None:
    try:
        import bfcl_eval  # noqa: F401
        import dotenv  # noqa: F401
        import overrides  # noqa: F401
    except ImportError:
        if REQUIRE_BFCL:
            raise
        pytest.skip("bfcl-eval (with python-dotenv, overrides) is not installed")


def test_every_category_and_csv_match_bfcl_evaluate(tmp_path: Path) -> None:
    _bfcl_or_skip()
    from bfcl_rundir import FC_MODEL, PROMPT_MODEL, bfcl_evaluate, build_run_dir

    results = build_run_dir(tmp_path / "result", per_category=40)
    theirs = bfcl_evaluate(results, tmp_path / "bfcl_score")
    differing: dict[bool, list[tuple[str, str, float, float]]] = {}
    for compat in (False, True):
        prompt, data = evaluate(results, RunOptions(bfcl_compat=compat, models=(PROMPT_MODEL,)))
        fc, _ = evaluate(
            results, RunOptions(bfcl_compat=compat, underscore_to_dot=True, models=(FC_MODEL,))
        )
        assert fc[0].fc and not prompt[0].fc
        ours = prompt + fc
        differing[compat] = [
            (s.model, c.category, c.correct / c.total, theirs[s.model][c.category])
            for s in ours
            for c in s.categories.values()
            if c.scored and c.correct / c.total != theirs[s.model][c.category]
        ]
        compared = sum(c.scored for s in ours for c in s.categories.values())
        assert compared == len(theirs[PROMPT_MODEL]) + len(theirs[FC_MODEL]) == 24
        assert [s.categories["multi_turn_base"].scored for s in prompt] == [False]
        if compat:
            write_scores(ours, data, tmp_path / "our_score")
    assert differing[True] == []
    # Without the switch, only the documented Java string-array quirk separates us.
    assert {(m, c) for m, c, _, _ in differing[False]} <= {(PROMPT_MODEL, "simple_java")}
    # BFCL's leaderboard CSVs, column by column (cost, latency, link, organisation
    # and license aside: they come from BFCL's model registry).
    for name in ("data_non_live.csv", "data_live.csv", "data_overall.csv"):
        rows = {}
        for side in ("bfcl_score", "our_score"):
            with (tmp_path / side / name).open() as f:
                rows[side] = {r["Model"]: r for r in csv.DictReader(f)}
        for model in (PROMPT_MODEL, FC_MODEL):
            a, b = rows["bfcl_score"][model], rows["our_score"][model]
            skip = {"Rank", "Model Link", "Total Cost ($)", "Latency Mean (s)", "Organization",
                    "License", "Latency Standard Deviation (s)", "Latency 95th Percentile (s)"}  # fmt: skip
            if model == PROMPT_MODEL:
                # Its multi-turn file is not scored here (BFCL's run above left it out too).
                skip |= {"Overall Acc", "Multi Turn Acc"}
            assert {k: v for k, v in a.items() if k not in skip} == {
                k: v for k, v in b.items() if k not in skip
            }, (name, model)


def test_dict_key_given_as_one_string_may_be_missing_only_in_compat() -> None:
    doc = {"name": "f", "parameters": {"type": "dict", "required": ["meta"], "properties": {
        "meta": {"type": "dict"}}}}  # fmt: skip
    truth = load_ground_truth([{"f": {"meta": [{"format": "epoch_millis", "tz": ["utc", ""]}]}}])
    for compat, reward in ((False, 0.0), (True, 1.0)):
        scorer = PRESETS["bfcl"].build({"bfcl_compat": compat})
        assert scorer("[f(meta={})]", truth, [doc]).reward == reward


def test_v3_run_reads_nvidia_bfcl_data(tmp_path: Path) -> None:
    """BFCL v3 (``nvidia-bfcl``, the Tool-N1 paper's version): v3 file and category
    names, the v3 overall formula; the run agrees with ``score(preset="bfcl")``."""
    data = bfcl_data_or_skip("v3")
    from bfcl_harness import base_calls, render_python

    from toolreward import score

    simple = list(data.entries("simple").values())[:25]
    rows = [{"id": e.id, "result": render_python(base_calls(e.possible_answer))} for e in simple]
    irrelevance = list(data.entries("irrelevance").values())[:5]
    results = tmp_path / "result" / "my-model"
    _jsonl(results / "BFCL_v3_simple_result.json", rows)
    _jsonl(results / "BFCL_v3_irrelevance_result.json",
           [{"id": e.id, "result": "No function fits."} for e in irrelevance])  # fmt: skip
    (model,), _ = evaluate(tmp_path / "result", RunOptions(version="v3"))
    expected = sum(
        score(r["result"], e.possible_answer, tools=e.function, preset="bfcl").reward
        for r, e in zip(rows, simple)
    )
    assert model.categories["simple"].correct == expected
    assert model.categories["irrelevance"].correct == 5
    table = model.table(data)
    assert table["bfcl_version"] == "v3"
    assert set(table["categories"]) == {"simple_python", "irrelevance"}
    # v3 overall: mean(Live, Non-Live, multi-turn); absent live parts count as 0.
    non_live = (expected / 25 / 3 + 5 / 5) / 9
    assert table["bfcl_overall"] == pytest.approx(non_live / 3)


def test_example_result_directory_scores_without_bad_records(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``examples/bfcl_result`` (docs/bfcl.md's command) reads cleanly against bfcl-eval."""
    bfcl_data_or_skip()
    example = Path(__file__).resolve().parents[1] / "examples" / "bfcl_result"
    assert main(["bfcl", str(example), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report) == {"prompt-model", "fc-model"}
    assert report["fc-model"]["fc"] and not report["prompt-model"]["fc"]
    assert report["prompt-model"]["not_scored"] == {"multi_turn_base": 3}
    assert report["prompt-model"]["bfcl_overall"] is None
    assert report["fc-model"]["bfcl_overall"] is not None
    assert "bad_record" not in report["prompt-model"]["reasons"]
