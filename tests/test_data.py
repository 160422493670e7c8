"""``toolreward data``: xLAM-60k and ToolACE files to training records.

The fixtures mirror each dataset's published schema (``tests/fixtures``):
xLAM rows with ``query``, ``tools`` and ``answers`` as JSON text (parallel
calls, nested arguments, ``optional`` types, an empty answer, a row whose
answers are not JSON, one calling an unknown tool, a duplicate); ToolACE
records whose ``system`` holds the tool list and whose assistant turns are
Python call lists with function names that contain spaces (single and
multi-turn, a text reply, a tool result, a record without the tool list).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from toolreward import score
from toolreward.cli import main
from toolreward.data import (
    BuildOptions,
    build,
    irrelevance,
    mask_names,
    read_toolace,
    read_xlam,
    tools_as_specs,
    write,
)
from toolreward.data.sources import Rejected, Sample
from toolreward.grpo.data import load_examples

FIXTURES = Path(__file__).parent / "fixtures"
XLAM = FIXTURES / "xlam_sample.jsonl"
TOOLACE = FIXTURES / "toolace_sample.json"


def _split(items: list) -> tuple[list[Sample], list[Rejected]]:
    return [i for i in items if isinstance(i, Sample)], [
        i for i in items if isinstance(i, Rejected)
    ]


def test_xlam_rows_become_samples_and_bad_rows_are_reported() -> None:
    samples, rejected = _split(list(read_xlam(XLAM)))
    assert len(samples) == 5  # 4 good rows + the duplicate
    assert [r.where for r in rejected] == [f"{XLAM}:5", f"{XLAM}:6"]
    assert "answers: not valid JSON" in rejected[0].reason
    assert "nope" in rejected[1].reason
    parallel = samples[0]
    assert parallel.messages == [
        {"role": "user", "content": "Where can I find live giveaways for beta access and games?"}
    ]
    assert [c["arguments"] for c in parallel.answer] == [{"type": "beta"}, {"type": "game"}]
    nested = samples[2].answer[0]["arguments"]
    assert nested == {"items": [{"sku": "A1", "qty": 2}], "note": "leave at door", "express": True}
    assert samples[3].answer == []  # an empty answer: no call is right


@pytest.mark.parametrize(
    "declared, expected, required",
    [
        ("str", "string", True),
        ("int, optional", "integer", False),
        ("List[Dict[str, Any]]", "array", True),
        ("Dict[str, int]", "object", True),
        ("float", "number", True),
        ("bool, optional", "boolean", False),
        ("Callable", None, True),
    ],
)
def test_xlam_types_become_json_schema(declared: str, expected: str | None, required: bool) -> None:
    (spec,) = tools_as_specs([{"name": "f", "parameters": {"p": {"type": declared}}}])
    schema = spec["function"]["parameters"]
    assert schema["properties"]["p"].get("type") == expected
    assert ("p" in schema["required"]) == required


def test_toolace_one_sample_per_call_turn_with_its_history() -> None:
    samples, rejected = _split(list(read_toolace(TOOLACE)))
    assert [s.source for s in samples] == ["toolace_single_turn", "toolace_single_turn",
                                           "toolace_multi_turn"]  # fmt: skip
    assert samples[0].answer == [{"name": "Get Weather", "arguments": {"city": "Paris", "days": 3}}]
    multi = samples[2]
    assert [m["role"] for m in multi.messages] == ["user", "assistant", "tool", "assistant", "user"]
    assert multi.messages[1]["content"].startswith(
        "<tool_call>["
    )  # the earlier call, Tool-N1 style
    assert multi.answer == [
        {"name": "Convert Currency", "arguments": {"amount": 10.0, "to": "USD"}}
    ]
    assert multi.tools[1]["function"]["parameters"]["properties"]["amount"]["type"] == "number"
    assert [r.reason for r in rejected] == [
        "system prompt lacks 'JSON format that you can invoke:' before its tool list",
        "no assistant call turn",
    ]


def test_toolace_text_turns_are_no_call_samples_when_asked() -> None:
    samples, _ = _split(list(read_toolace(TOOLACE, include_no_call=True)))
    no_call = [s for s in samples if "no_call" in s.tags]
    assert len(no_call) == 2 and all(s.answer == [] for s in no_call)


def test_irrelevance_removes_the_answer_tools() -> None:
    samples, _ = _split(list(read_xlam(XLAM)))
    extra = irrelevance(samples, 1.0, random.Random(0))
    assert extra and all(s.answer == [] and "irrelevance" in s.tags for s in extra)
    for s in extra:
        names = {t["function"]["name"] for t in s.tools}
        assert names and "fibonacci" not in names and "is_armstrong_number" not in names
    assert all("irrelevance" not in s.tags for s in samples)  # inputs untouched


def test_masking_renames_consistently_and_is_seeded() -> None:
    samples, _ = _split(list(read_xlam(XLAM)))
    a = mask_names(samples, 1.0, random.Random(7))
    b = mask_names(samples, 1.0, random.Random(7))
    assert [s.answer for s in a] == [s.answer for s in b]
    for sample in a:
        assert "masked" in sample.tags
        specs = {t["function"]["name"]: t["function"]["parameters"] for t in sample.tools}
        for call in sample.answer:
            assert call["name"] in specs
            assert set(call["arguments"]) <= set(specs[call["name"]]["properties"])
        for params in specs.values():
            assert set(params["required"]) <= set(params["properties"])
    assert samples[0].answer[0]["name"] == "live_giveaways_by_type"  # inputs untouched


def _default_sample(default: object, used: object, query: str) -> Sample:
    schema = {"type": "object", "required": [],
              "properties": {"n": {"description": f"How many (default {default}).",
                                   "default": default}}}  # fmt: skip
    return Sample("xlam", "t:1", [{"role": "user", "content": query}],
                  [{"type": "function", "function": {"name": "f", "parameters": schema}}],
                  [{"name": "f", "arguments": {"n": used}}])  # fmt: skip


# default, value the answer uses, query, is it rewritten
DEFAULTS = [
    (3, 3, "Show 3 items.", True),
    (0.5, 0.5, "Use a ratio of 0.5.", True),
    ("game", "game", "Any game giveaways? Game on!", True),
    (3, 4, "Show 4 items.", False),  # the answer does not use the default
    (True, True, "Turn it on.", False),  # booleans stay (the paper would make a float)
    (1, True, "Turn it on.", False),  # True is not the integer 1 here
    ("", "", "Empty.", False),
]


@pytest.mark.parametrize(("default", "used", "query", "rewritten"), DEFAULTS)
def test_masking_rewrites_used_defaults_everywhere_they_appear(
    default: object, used: object, query: str, rewritten: bool
) -> None:
    sample = _default_sample(default, used, query)
    masked = mask_names([sample], 1.0, random.Random(3))[0]
    (tool,) = masked.tools
    (param,) = tool["function"]["parameters"]["properties"].values()
    (value,) = masked.answer[0]["arguments"].values()
    text = masked.messages[0]["content"]
    assert (param["default"] != default) is rewritten
    if not rewritten:
        assert value == used and text == query
        return
    assert value == param["default"] and type(value) is type(default)
    assert str(value) in text and str(default) not in text
    assert str(value) in param["description"]
    if type(default) is int:
        assert 1 <= value - default <= 4  # type: ignore[operator]
    if type(default) is str:
        assert str(value).capitalize() in text  # "Game on!" follows the new value's case
    assert sample.answer[0]["arguments"]["n"] == used  # the input is untouched


def test_masking_the_fixture_rewrites_the_default_the_answer_used() -> None:
    samples, _ = _split(list(read_xlam(XLAM)))
    first = samples[0]  # live_giveaways_by_type: default "game", the answer asks for beta and game
    masked = mask_names([first], 1.0, random.Random(7))[0]
    (spec,) = [t["function"] for t in masked.tools]
    (param,) = spec["parameters"]["properties"].values()
    values = sorted(next(iter(c["arguments"].values())) for c in masked.answer)
    assert "beta" in values and "game" not in values and param["default"] in values
    assert param["default"] + "s" in masked.messages[-1]["content"]  # "games", as the paper does


def test_records_load_in_the_trainer_and_score_in_both_layouts(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    samples, _ = _split(list(read_xlam(XLAM)) + list(read_toolace(TOOLACE)))
    options = BuildOptions(test_share=0.25, seed=3, layout="both", formats="both")
    train, test, counts = build(samples, options)
    assert counts == {"samples": 8, "duplicates": 1, "train": 5, "test": 2}
    write(tmp_path, {"train": train, "test": test}, options)
    for name in ("train.jsonl", "train.parquet", "train.verl.jsonl", "train.verl.parquet"):
        examples = load_examples(tmp_path / name, "tool_n1", "")
        assert len(examples) == 5, name
        for ex in examples:
            calls = json.loads(ex.ground_truth)
            right = "<think>ok</think><tool_call>" + json.dumps(calls) + "</tool_call>"
            verdict = score(right, ex.ground_truth, tools=ex.tools, preset="strict")
            assert verdict.reward == 1.0, (name, verdict)


def test_cli_writes_files_and_reports_rejects(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code = main(["data", "xlam", str(XLAM), "--out", str(out), "--irrelevance", "1", "--mask",
                 "0.5", "--seed", "1"])  # fmt: skip
    assert code == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["rejected"] == 2 and summary["duplicates"] == 1
    assert summary["train"] + summary["test"] == summary["samples"]
    rejected = [json.loads(x) for x in (out / "rejected.jsonl").read_text().splitlines()]
    assert [r["where"] for r in rejected] == [f"{XLAM}:5", f"{XLAM}:6"]
    assert {p.name for p in out.iterdir()} == {"train.jsonl", "test.jsonl", "train.verl.jsonl",
                                               "test.verl.jsonl", "rejected.jsonl"}  # fmt: skip


@pytest.mark.parametrize(
    "argv, message",
    [
        (["data", "xlam", "/no/such.jsonl", "--out", "x"], "no such file"),
        (["data", "xlam", str(XLAM), "--out", "x", "--mask", "2"], "between 0 and 1"),
    ],
)
def test_cli_usage_errors(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    assert message in capsys.readouterr().err
