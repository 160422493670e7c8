"""Public API: names, options, errors, batch scoring, import weight."""

from __future__ import annotations

import pickle
import subprocess
import sys

import pytest
from conftest import render

import toolreward
from toolreward import ConfigError, ParseOptions, Verdict, parse, score, score_batch
from toolreward.formats import FORMAT_READERS
from toolreward.options import FORMATS, OPTION_NAMES

GT = [{"name": "f", "arguments": {"a": 1}}]
GOOD = render(GT)


def test_public_names() -> None:
    for name in [
        "ToolCall",
        "parse",
        "score",
        "score_batch",
        "GroundTruthError",
        "Verdict",
        "Parsed",
    ]:
        assert hasattr(toolreward, name)


def test_the_public_surface_is_pinned() -> None:
    assert sorted(toolreward.__all__) == [
        "ConfigError",
        "GroundTruthError",
        "PRESETS",
        "ParseOptions",
        "Parsed",
        "REASONS",
        "ToolCall",
        "ToolRewardError",
        "ToolsError",
        "Verdict",
        "__version__",
        "check_config",
        "parse",
        "score",
        "score_batch",
    ]
    for name in toolreward.__all__:
        assert hasattr(toolreward, name)


def test_verdict_contract() -> None:
    v = score(GOOD, GT)
    assert v == Verdict(1.0, True, True, "ok", "")
    assert isinstance(v.reward, float)
    assert v.to_dict() == {
        "reward": 1.0,
        "format_ok": True,
        "calls_ok": True,
        "reason": "ok",
        "detail": "",
    }
    assert pickle.loads(pickle.dumps(v)) == v
    with pytest.raises(AttributeError):
        v.reward = 0.0  # type: ignore[misc]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"preset": "lenient"}, "unknown preset"),
        ({"thinking": "optional"}, "unknown option(s) thinking"),
        ({"think": "maybe"}, "option think='maybe'"),
        ({"allow_empty_think": 1}, "expected True or False"),
        ({"format": "yaml"}, "option format='yaml'"),
        ({"preset": "tool_n1", "think": "optional"}, "takes no options"),
    ],
)
def test_bad_options_raise_config_error(kwargs: dict, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        score(GOOD, GT, **kwargs)
    assert message in str(info.value)


def test_option_errors_also_from_parse() -> None:
    with pytest.raises(ConfigError):
        parse(GOOD, think="sometimes")


def test_options_object_is_frozen() -> None:
    opts = ParseOptions()
    with pytest.raises(AttributeError):
        opts.think = "optional"  # type: ignore[misc]


def test_formats_registry_matches_options() -> None:
    assert set(FORMATS) == set(FORMAT_READERS)
    assert "think_prefilled" in OPTION_NAMES


@pytest.mark.parametrize("completion", [None, b"<think>", 5, ["x"]])
def test_non_string_completion_is_a_type_error(completion: object) -> None:
    with pytest.raises(TypeError):
        score(completion, GT)  # type: ignore[arg-type]


def test_str_subclass_is_accepted() -> None:
    class S(str):
        pass

    assert score(S(GOOD), GT).reward == 1.0
    parsed = parse(S(GOOD))
    assert parsed.think == "reasoning" and "payload" in parsed.spans


@pytest.mark.parametrize("workers", [1, 2])
def test_score_batch_keeps_order(workers: int) -> None:
    completions = [GOOD if i % 3 else "junk" for i in range(40)]
    truths = [GT] * 40
    got = score_batch(completions, truths, workers=workers)
    assert [v.reward for v in got] == [1.0 if i % 3 else 0.0 for i in range(40)]
    assert got == [score(c, g) for c, g in zip(completions, truths)]


def test_score_batch_per_sample_tools() -> None:
    tools = [
        {
            "name": "f",
            "parameters": {
                "type": "object",
                "properties": {"a": {"type": "integer"}, "b": {"type": "integer", "default": 0}},
            },
        }
    ]
    pred = render([{"name": "f", "arguments": {"a": 1, "b": 0}}])
    got = score_batch([pred, pred], [GT, GT], tools=[tools, None])
    assert [v.reward for v in got] == [1.0, 0.0]
    assert score_batch([pred], [GT], tools=tools)[0].reward == 1.0


def test_score_batch_validates() -> None:
    with pytest.raises(ValueError, match="2 completions but 1 ground truths"):
        score_batch([GOOD, GOOD], [GT])
    with pytest.raises(ConfigError):
        score_batch([GOOD], [GT], workers=0)


def test_import_is_light() -> None:
    code = (
        "import sys, toolreward; "
        "heavy = [m for m in ('torch', 'transformers', 'trl', 'verl', 'openrlhf', 'numpy', 'pydantic')"
        " if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
