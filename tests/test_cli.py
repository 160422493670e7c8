"""Command line: ``toolreward score`` records, joins, outputs and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from toolreward.cli import main
from toolreward.reasons import REASONS

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "tool_n1_preds.jsonl"
TOUR = ROOT / "examples" / "reasons_tour.jsonl"
GOOD = '<think>r</think><tool_call>[{"name": "f", "arguments": {"a": 1}}]</tool_call>'
GT = [{"name": "f", "arguments": {"a": 1}}]


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def rec(**kw: object) -> str:
    return json.dumps(kw)


def run(*args: str) -> tuple[int, str]:
    proc = subprocess.run(
        [sys.executable, "-m", "toolreward.cli", *args], capture_output=True, text=True
    )
    return proc.returncode, proc.stdout + proc.stderr


def test_clean_file_exits_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = write(
        tmp_path / "p.jsonl",
        [
            rec(id=1, completion=GOOD, ground_truth=GT),
            rec(id=2, completion="nope", ground_truth=GT),
        ],
    )
    assert main(["score", str(f), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["records"] == 2
    assert summary["mean_reward"] == 0.5
    assert summary["format_ok_rate"] == 0.5
    assert summary["reasons"] == {"ok": 1, "missing_think": 1}


def test_bad_lines_are_reported_not_dropped(tmp_path: Path) -> None:
    f = write(
        tmp_path / "p.jsonl",
        [
            rec(id="a", completion=GOOD, ground_truth=GT),
            "not json",
            "",
            rec(id="b", completion=5, ground_truth=GT),
            rec(id="c", completion=GOOD),
            rec(id="d", completion=GOOD, ground_truth=[{"name": "f"}]),
            rec(id="e", completion=GOOD, ground_truth=GT, tools="{bad"),
            rec(id="f", completion=GOOD, ground_truth=GT, options={"think": "maybe"}),
            "[1, 2]",
            rec(id="g", completion=GOOD, ground_truth=GT),
        ],
    )
    out = tmp_path / "v.jsonl"
    assert main(["score", str(f), "--out", str(out)]) == 1
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["line"] for r in rows] == list(range(1, 11))
    assert [r["reason"] for r in rows] == ["ok"] + ["bad_record"] * 8 + ["ok"]
    assert [r["id"] for r in rows] == ["a", None, None, "b", "c", "d", "e", "f", None, "g"]
    for r in rows[1:-1]:
        assert r["detail"].startswith(f"line {r['line']}: ")
        assert r["reward"] == 0.0
    assert "missing 'ground_truth'" in rows[4]["detail"]
    assert "ground_truth[0]" in rows[5]["detail"]


def test_gold_join(tmp_path: Path) -> None:
    preds = write(
        tmp_path / "p.jsonl",
        [rec(id=2, completion=GOOD), rec(id=1, completion=GOOD), rec(id=9, completion=GOOD)],
    )
    gold = write(
        tmp_path / "g.jsonl",
        [rec(id=1, ground_truth=GT), rec(id=2, ground_truth=[{"name": "g", "arguments": {}}])],
    )
    out = tmp_path / "v.jsonl"
    assert main(["score", str(preds), "--gold", str(gold), "--out", str(out)]) == 1
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["reason"] for r in rows] == ["wrong_function_name", "ok", "bad_record"]
    assert "no gold record with id 9" in rows[2]["detail"]


@pytest.mark.parametrize(
    ("gold_lines", "message"),
    [
        ([rec(id=1, ground_truth=GT), rec(id=1, ground_truth=GT)], "duplicate id"),
        (["{"], "not JSON"),
        ([rec(ground_truth=GT)], "needs 'id'"),
    ],
)
def test_bad_gold_is_a_usage_error(
    tmp_path: Path, gold_lines: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    preds = write(tmp_path / "p.jsonl", [rec(id=1, completion=GOOD)])
    gold = write(tmp_path / "g.jsonl", gold_lines)
    assert main(["score", str(preds), "--gold", str(gold)]) == 2
    assert message in capsys.readouterr().err


def test_usage_errors_exit_two(tmp_path: Path) -> None:
    f = write(tmp_path / "p.jsonl", [rec(completion=GOOD, ground_truth=GT)])
    assert run("score", str(tmp_path / "missing.jsonl"))[0] == 2
    assert run("score", str(f), "--preset", "nope")[0] == 2
    assert run("score", str(f), "--format", "yaml")[0] == 2
    assert run("score", str(f), "--workers", "0")[0] == 2
    assert run("frobnicate")[0] == 2


def test_options_and_presets_apply(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = write(
        tmp_path / "p.jsonl",
        [rec(completion=GOOD.replace("<think>r</think>", ""), ground_truth=GT)],
    )
    assert main(["score", str(f), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["mean_reward"] == 0.0
    assert main(["score", str(f), "--json", "--think", "optional"]) == 0
    assert json.loads(capsys.readouterr().out)["mean_reward"] == 1.0
    assert main(["score", str(f), "--json", "--preset", "tool_n1"]) == 0
    assert json.loads(capsys.readouterr().out)["reasons"] == {"missing_think": 1}


def test_stdin_and_workers(tmp_path: Path) -> None:
    lines = [rec(id=i, completion=GOOD if i % 2 else "x", ground_truth=GT) for i in range(1200)]
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "toolreward.cli",
            "score",
            "-",
            "--workers",
            "2",
            "--json",
            "--out",
            str(tmp_path / "v.jsonl"),
        ],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["mean_reward"] == 0.5
    rows = [json.loads(line) for line in (tmp_path / "v.jsonl").read_text().splitlines()]
    assert [r["id"] for r in rows] == list(range(1200))


@pytest.mark.parametrize("preset", ["strict", "tool_n1"])
def test_bundled_example_exits_zero(preset: str) -> None:
    code, text = run("score", str(EXAMPLE), "--preset", preset)
    assert code == 0, text
    assert "bad_record" not in text


def test_reasons_tour_covers_every_reason(tmp_path: Path) -> None:
    out = tmp_path / "v.jsonl"
    code, text = run("score", str(TOUR), "--out", str(out))
    assert code == 1  # the tour holds deliberate bad records
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) >= 50
    # internal_error is the code of a bug: no honest example can produce it.
    assert {r["reason"] for r in rows} == set(REASONS) - {"internal_error"}
    assert "mean reward" in text and "format valid" in text
    notes = [
        json.loads(line).get("note", "")
        for line in TOUR.read_text().splitlines()
        if line.startswith('{"id": "ex0')
    ]
    for row, note in zip(rows, notes):
        assert note.split(":")[0].split(" ")[0] == row["reason"], (note, row)


def test_bfcl_records_and_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = {
        "name": "f",
        "parameters": {"type": "dict", "properties": {"a": {"type": "integer"}}, "required": ["a"]},
    }
    answer = [{"f": {"a": [1]}}]
    lines = [
        rec(id="simple_python_0", result="[f(a=1)]", function=[doc], possible_answer=answer),
        rec(id="simple_python_1", result="[f(a=2)]", function=[doc], possible_answer=answer),
        rec(id="multiple_0", result="[f(a=1)]", function=[doc], possible_answer=answer),
        rec(id="parallel_0", result="[f(a=1)]", function=[doc], possible_answer=answer),
        rec(id="parallel_multiple_0", result="[f(a=1)]", function=[doc], possible_answer=answer),
        rec(id="live_simple_0-0-0", result="[f(a=1)]", function=[doc], possible_answer=answer),
        rec(id="live_multiple_0-0-0", result="f(a='1')", function=[doc], possible_answer=answer),
        rec(id="irrelevance_0", result="No function fits.", function=[doc], possible_answer=[]),
    ]
    f = write(tmp_path / "bfcl.jsonl", lines)
    assert main(["score", str(f), "--preset", "bfcl", "--json"]) == 0
    table = json.loads(capsys.readouterr().out)["bfcl"]
    cats = table["categories"]
    assert cats["simple_python"] == {"accuracy": 0.5, "entries": 2}
    assert cats["irrelevance"]["accuracy"] == 1.0
    assert table["non_live"] == pytest.approx((0.5 + 1 + 1 + 1) / 4)
    assert table["live"] == pytest.approx(0.5)
    assert table["overall"] == pytest.approx((table["non_live"] + 0.5) / 2)
    assert main(["score", str(f), "--preset", "bfcl"]) == 0
    text = capsys.readouterr().out
    assert "Non-Live AST" in text and "Overall (Non-Live+Live)/2" in text


HOSTILE_LINES = [
    rec(id="a", completion=GOOD, ground_truth=GT).encode(),
    b'{"id": "b", "completion": "\xff\xfe", "ground_truth": []}',  # not UTF-8
    b'{"id": "c",\r"completion": ' + json.dumps(GOOD).encode() + b',\r"ground_truth": []}',
    b'{"id": "d\\ud800", "completion": "<think>\\ud800</think>x", "ground_truth": []}',
    b"[" * 100_000,  # deeper than Python's decoder recurses
    b'{"id": 1' + b"0" * 5000 + b"}",  # over Python's integer digit limit
    b"",
    rec(id="h", completion=GOOD, ground_truth=GT).encode(),
]
HOSTILE_REASONS = ["ok", "bad_record", "call_count_mismatch", "missing_tool_call", "bad_record", "bad_record",
                   "bad_record", "ok"]  # fmt: skip


@pytest.mark.parametrize("workers", ["1", "2"])
@pytest.mark.parametrize("compress", [False, True])
def test_every_line_gets_a_verdict(tmp_path: Path, workers: str, compress: bool) -> None:
    import gzip

    data = b"\n".join(HOSTILE_LINES) + b"\n"
    f = tmp_path / ("h.jsonl.gz" if compress else "h.jsonl")
    f.write_bytes(gzip.compress(data) if compress else data)
    out = tmp_path / "out.jsonl"
    code, text = run("score", str(f), "--out", str(out), "--workers", workers)
    assert code == 1, text  # bad records, never a crash
    assert "records       8" in text  # the summary is printed
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["line"] for r in rows] == list(range(1, 9))
    assert [r["reason"] for r in rows] == HOSTILE_REASONS
    assert "not UTF-8" in rows[1]["detail"] and rows[3]["id"] == "d\ud800"


def test_out_dash_writes_verdicts_to_stdout(tmp_path: Path) -> None:
    f = write(tmp_path / "p.jsonl", [rec(id=1, completion=GOOD, ground_truth=GT)] * 3)
    proc = subprocess.run(
        [sys.executable, "-m", "toolreward.cli", "score", str(f), "--out", "-"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert proc.returncode == 0
    assert [json.loads(line)["reason"] for line in proc.stdout.splitlines()] == ["ok"] * 3
    assert "records       3" in proc.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--out", "/nonexistent-dir/out.jsonl"], "cannot write --out"),
        (["--gold", "/nonexistent-gold.jsonl"], "cannot read gold file"),
    ],
)
def test_unusable_paths_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    f = write(tmp_path / "p.jsonl", [rec(id=1, completion=GOOD, ground_truth=GT)])
    code, text = run("score", str(f), *args)
    assert code == 2 and message in text and "Traceback" not in text


def test_unreadable_gzip_exits_2_with_summary(tmp_path: Path) -> None:
    import gzip

    data = gzip.compress((rec(id=1, completion=GOOD, ground_truth=GT) + "\n").encode() * 2000)
    f = tmp_path / "cut.jsonl.gz"
    f.write_bytes(data[: len(data) // 2])
    code, text = run("score", str(f))
    assert code == 2 and "cannot read" in text and "records" in text and "Traceback" not in text


def test_a_closed_pipe_is_quiet(tmp_path: Path) -> None:
    f = write(
        tmp_path / "p.jsonl", [rec(id=i, completion=GOOD, ground_truth=GT) for i in range(5000)]
    )
    cmd = f"{sys.executable} -m toolreward.cli score {f} --out - | head -1"
    proc = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True)
    assert json.loads(proc.stdout)["reason"] == "ok"
    assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr


# --- the first ten minutes: help, check, fields, reports, parquet ------------

BFCL_DOCS = json.dumps(
    [{"name": "f", "parameters": {"type": "dict", "properties": {"a": {"type": "integer"}}}}]
)
CHAT = [{"role": "user", "content": "q"}, {"role": "assistant", "content": GOOD}]


def test_help_names_the_record_fields_and_every_option() -> None:
    from toolreward.options import OPTION_NAMES

    code, text = run("score", "--help")
    assert code == 0
    for field in ("completion", "ground_truth", "tools", "options", "id"):
        assert field in text
    for name in OPTION_NAMES:
        assert f"--{name.replace('_', '-')}" in text
    for choice in ("hermes", "pythonic", "forbidden", "javascript", "strict", "tool_n1", "bfcl"):
        assert choice in text
    flags = [line.split()[0] for line in text.splitlines() if line.startswith("  --")]
    assert len(flags) > 20  # each flag is listed with a line of help


@pytest.mark.parametrize(
    ("args", "code", "reason"),
    [
        ([GOOD, json.dumps(GT)], 0, "ok"),
        ([GOOD, '[{"name": "f", "arguments": {"a": 2}}]'], 1, "wrong_argument_value"),
        (["no calls", json.dumps(GT)], 1, "missing_think"),
        ([GOOD.replace("<think>r</think>", ""), json.dumps(GT), "--think", "optional"], 0, "ok"),
        (
            [
                "f(a=1)",
                '[{"f": {"a": [1]}}]',
                "--preset",
                "bfcl",
                "--tools",
                BFCL_DOCS,
            ],
            0,
            "ok",
        ),
    ],
)
def test_check_one_completion(args: list[str], code: int, reason: str) -> None:
    got, text = run("check", *args, "--json")
    assert got == code, text
    out = json.loads(text)
    assert out["reason"] == reason
    if reason == "ok":
        assert out["calls"] == [{"name": "f", "arguments": {"a": 1}}]


def test_check_reads_stdin_and_files(tmp_path: Path) -> None:
    truth = tmp_path / "gt.json"
    truth.write_text(json.dumps(GT), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "toolreward.cli", "check", "-", f"@{truth}"],
        input=GOOD, capture_output=True, text=True,
    )  # fmt: skip
    assert proc.returncode == 0
    assert "reason     ok" in proc.stdout and '"a": 1' in proc.stdout
    code, text = run("check", GOOD, "@/nonexistent.json")
    assert code == 2 and "cannot read" in text


def test_field_mapping(tmp_path: Path) -> None:
    rows = [
        {"uid": 1, "response": GOOD, "reward_model": {"ground_truth": GT}},
        {
            "uid": 2,
            "response": [{"role": "user", "content": "q"}, {"role": "assistant", "content": GOOD}],
            "reward_model": {"ground_truth": GT},
        },
        {"uid": 3, "response": "x", "reward_model": {}},
    ]
    f = write(tmp_path / "p.jsonl", [json.dumps(r) for r in rows])
    out = tmp_path / "o.jsonl"
    code, text = run(
        "score", str(f), "--out", str(out), "--completion-field", "response",
        "--ground-truth-field", "reward_model.ground_truth", "--id-field", "uid",
    )  # fmt: skip
    assert code == 1, text
    verdicts = [json.loads(line) for line in out.read_text().splitlines()]
    assert [v["id"] for v in verdicts] == [1, 2, 3]
    assert [v["reason"] for v in verdicts] == ["ok", "ok", "bad_record"]
    assert "reward_model.ground_truth" in verdicts[2]["detail"]


@pytest.mark.parametrize("report", ["text", "md", "csv", "json"])
def test_reports_show_examples_per_reason(tmp_path: Path, report: str) -> None:
    lines = [rec(id=i, completion="nope", ground_truth=GT) for i in range(5)]
    lines += [rec(id=9, completion=GOOD, ground_truth=GT), "{broken"]
    f = write(tmp_path / "p.jsonl", lines)
    code, text = run("score", str(f), "--report", report)
    assert code == 1
    if report == "json":
        body = json.loads(text[: text.rindex("}") + 1])
        assert [e["line"] for e in body["examples"]["missing_think"]] == [1, 2, 3]
    else:
        assert "missing_think" in text and "line 1" in text and "line 3" in text
        assert "line 4" not in text.split("bad_record")[0].split("missing_think")[-1]
    assert "warning: 1 bad record(s) (line 7)" in text


def test_empty_input_warns(tmp_path: Path) -> None:
    f = tmp_path / "empty.jsonl"
    f.write_text("", encoding="utf-8")
    code, text = run("score", str(f))
    assert code == 0 and "holds no records" in text


def test_parquet_input(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    table = pa.table(
        {
            "id": ["a", "b"],
            "completion": [GOOD, "nope"],
            "ground_truth": [json.dumps(GT), json.dumps(GT)],
        }
    )
    f = tmp_path / "p.parquet"
    pq.write_table(table, f)
    out = tmp_path / "o.jsonl"
    code, text = run("score", str(f), "--out", str(out))
    assert code == 0, text
    verdicts = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(v["line"], v["id"], v["reason"]) for v in verdicts] == [
        (1, "a", "ok"), (2, "b", "missing_think")]  # fmt: skip
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(b"not parquet")
    code, text = run("score", str(bad))
    assert code == 2 and "cannot read" in text and "Traceback" not in text


def test_bfcl_table_only_for_bfcl_ids() -> None:
    _, text = run("score", str(EXAMPLE), "--preset", "bfcl")
    assert "BFCL category" not in text


def test_bfcl_relevance_entries(tmp_path: Path) -> None:
    """BFCL's rules: irrelevance passes with no call, live_relevance with any call;
    neither needs a ground truth (BFCL's data has none for them)."""
    doc = {"name": "f", "parameters": {"type": "dict", "properties": {"a": {"type": "integer"}}}}
    rows = [
        rec(id="irrelevance_0", result="I cannot help with that.", function=[doc]),
        rec(id="irrelevance_1", result="[f(a=1)]", function=[doc]),
        rec(id="live_relevance_0-0-0", result="[f(a=1)]", function=[doc]),
        rec(id="live_relevance_1-1-0", result="[f(a=99)]", function=[doc]),  # any call
        rec(id="live_relevance_2-2-0", result="No call.", function=[doc]),
        rec(id="live_relevance_3-3-0", result="[]", function=[doc]),  # [] is no call
    ]
    f = write(tmp_path / "bfcl.jsonl", rows)
    out = tmp_path / "o.jsonl"
    code, text = run("score", str(f), "--preset", "bfcl", "--out", str(out))
    assert code == 0, text
    rewards = [json.loads(line)["reward"] for line in out.read_text().splitlines()]
    assert rewards == [1.0, 0.0, 1.0, 1.0, 0.0, 0.0]
    assert "live_relevance" in text and "irrelevance" in text


def test_bfcl_execution_categories_are_not_scored(tmp_path: Path) -> None:
    doc = {"name": "f", "parameters": {"type": "dict", "properties": {"a": {"type": "integer"}}}}
    rows = [
        rec(
            id="simple_python_0",
            result="[f(a=1)]",
            possible_answer=[{"f": {"a": [1]}}],
            function=[doc],
        ),
        rec(id="multi_turn_base_0", result=[["f(a=1)"]], possible_answer=[["f(a=1)"]]),
    ]
    f = write(tmp_path / "bfcl.jsonl", rows)
    out = tmp_path / "o.jsonl"
    code, text = run("score", str(f), "--preset", "bfcl", "--out", str(out))
    verdicts = [json.loads(line) for line in out.read_text().splitlines()]
    assert [v["reason"] for v in verdicts] == ["ok", "bad_record"]
    assert "judged by execution" in verdicts[1]["detail"]
    assert "multi_turn_base" in text and "not scored" in text
    assert "0.00" not in text.split("multi_turn_base")[1].splitlines()[0]
    assert code == 1


def test_parquet_list_ground_truths_warn_of_arrow_fill(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    table = pa.Table.from_pylist(
        [
            {"completion": GOOD, "ground_truth": [{"name": "f", "arguments": {"a": 1}}]},
            {"completion": GOOD, "ground_truth": [{"name": "f", "arguments": {"a": 1, "b": 2}}]},
        ]
    )
    f = tmp_path / "gt.parquet"
    pq.write_table(table, f)
    code, text = run("score", str(f))
    assert "ArrowFillWarning" in text and "['b']" in text  # the first row gained b: null
    assert code == 0


@pytest.mark.parametrize("workers", ["1", "2"])
def test_out_lines_carry_the_parsed_calls(tmp_path: Path, workers: str) -> None:
    f = write(
        tmp_path / "p.jsonl",
        [
            rec(id=1, completion=GOOD, ground_truth=GT),
            rec(id=2, completion="nope", ground_truth=GT),
            rec(id=3, completion=GOOD.replace('"a": 1', '"a": 2'), ground_truth=GT),
            "{broken",
        ],
    )
    out = tmp_path / "o.jsonl"
    code, text = run("score", str(f), "--out", str(out), "--calls", "--workers", workers)
    assert code == 1, text
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["calls"] for r in rows] == [GT, None, [{"name": "f", "arguments": {"a": 2}}], None]
    code, text = run("score", str(f), "--calls", "--preset", "tool_n1")
    assert code == 2 and "--calls needs preset strict or bfcl" in text
