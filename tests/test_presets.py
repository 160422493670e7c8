"""The preset table: one interface, one registry, options checked before any scoring."""

from __future__ import annotations

import pytest

import toolreward
from toolreward import ConfigError, score
from toolreward.ground_truth import load_ground_truth
from toolreward.presets import PRESETS, Preset

GOOD = '<think>r</think><tool_call>[{"name": "f", "arguments": {"a": 1}}]</tool_call>'
GT = [{"name": "f", "arguments": {"a": 1}}]
DOCS = [{"name": "f", "parameters": {"type": "dict", "properties": {"a": {"type": "integer"}}}}]


def test_the_table_lists_every_preset_once() -> None:
    assert list(PRESETS) == ["strict", "tool_n1", "bfcl"]
    assert toolreward.PRESETS is PRESETS
    for name, preset in PRESETS.items():
        assert isinstance(preset, Preset)
        assert preset.name == name
        assert preset.summary


@pytest.mark.parametrize(
    ("preset", "completion", "tools"),
    [("strict", GOOD, None), ("tool_n1", GOOD, None), ("bfcl", "[f(a=1)]", DOCS)],
)
def test_every_preset_builds_a_scorer_of_one_shape(preset: str, completion: str, tools) -> None:
    scorer = PRESETS[preset].build({})
    verdict = scorer(completion, load_ground_truth(GT), tools)
    assert verdict == score(completion, GT, tools=tools, preset=preset)
    assert verdict.reward == 1.0


@pytest.mark.parametrize(
    ("preset", "options", "message"),
    [
        ("strict", {"think": "maybe"}, "option think='maybe'"),
        ("tool_n1", {"think": "optional"}, "takes no options"),
        (
            "bfcl",
            {"think": "optional"},
            "takes only format=, language=, includes_prompt=, relevance=, bfcl_compat=, underscore_to_dot=",
        ),
    ],
)
def test_build_refuses_bad_options(preset: str, options: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        PRESETS[preset].build(options)


def test_an_unknown_preset_names_the_known_ones() -> None:
    with pytest.raises(ConfigError, match="known presets: strict, tool_n1, bfcl"):
        score(GOOD, GT, preset="lenient")
