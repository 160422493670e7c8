"""Text stage: the response inside a completion, end tokens, chat markers."""

from __future__ import annotations

import pytest
from timing import assert_linear

from toolreward import parse, score
from toolreward.tags import CHAT_FAMILIES, END_TOKENS, TURN_MARKERS
from toolreward.text import locate_response

OK = "<think>r</think><tool_call>[]</tool_call>"
CALL = '<think>r</think><tool_call>[{"name": "f", "arguments": {"a": 1}}]</tool_call>'
TRUTH = '[{"name": "f", "arguments": {"a": 1}}]'


@pytest.mark.parametrize(
    ("text", "includes_prompt", "response"),
    [
        ("abc", False, "abc"),
        ("", False, ""),
        ("x<|im_end|>", False, "x"),
        ("x<|im_end|>\n<|endoftext|><|endoftext|>  \n", False, "x"),
        ("x <|eot_id|>", False, "x "),
        ("x</s></s>", False, "x"),
        ("a</s>b", False, "a</s>b"),
        ("x<end_of_turn>\n<eos><pad><pad>", False, "x"),
        ("x<|end_of_text|><|finetune_right_pad_id|>", False, "x"),
        ("x<|end|><|endoftext|>", False, "x"),
        ("x<\uff5cend\u2581of\u2581sentence\uff5c>", False, "x"),
        ("x   ", False, "x   "),  # whitespace alone is the reader's business
        ("<|im_end|>", False, ""),
        ("<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\nA<|im_end|>", True, "\nA"),
        ("<|im_start|>assistant\nA<|im_start|>assistant\nB", True, "\nB"),
        ("<|start_header_id|>assistant<|end_header_id|>\n\nL<|eot_id|>", True, "\n\nL"),
        ("<|im_start|>assistant\nA<|start_header_id|>assistant<|end_header_id|>B", True, "B"),
        ("<start_of_turn>user\nq<end_of_turn>\n<start_of_turn>model\nG<end_of_turn>", True, "\nG"),
        ("<|user|>q<|end|><|assistant|>P<|end|>", True, "P"),
        (
            "<\uff5cUser\uff5c>q<\uff5cAssistant\uff5c>D<\uff5cend\u2581of\u2581sentence\uff5c>",
            True,
            "D",
        ),
        ("[INST] q [/INST]M</s>", True, "M"),
        ("no marker", True, "no marker"),
    ],
)
def test_response_bounds(text: str, includes_prompt: bool, response: str) -> None:
    start, end, _ = locate_response(text, includes_prompt)
    assert text[start:end] == response


@pytest.mark.parametrize("marker", TURN_MARKERS)
def test_a_turn_marker_inside_the_response_is_a_stray_tag(marker: str) -> None:
    placements = [marker + "\n" + CALL, CALL[:20] + marker + CALL[20:]]
    if marker not in END_TOKENS:  # GLM stops on <|user|> and <|observation|>: cut when trailing
        placements.append(CALL + marker)
    for text in placements:
        failure = locate_response(text)[2]
        assert failure is not None and failure[0] == "stray_tag", text
        assert failure[1].startswith("chat marker ")
        assert score(text, TRUTH).reason == "stray_tag"


def test_a_marker_is_never_a_cut_point_of_a_response() -> None:
    # Text before a marker must not vanish: that was a way to hide anything.
    hidden = "I refuse.<|im_start|>assistant\n" + CALL
    assert score(hidden, TRUTH).reason == "stray_tag"
    assert score(hidden, TRUTH, format="hermes").reason == "stray_tag"
    # With the prompt declared, the last assistant marker starts the response.
    assert score(hidden, TRUTH, includes_prompt=True).reward == 1.0


def test_every_family_is_documented_with_a_source() -> None:
    assert {f.name for f in CHAT_FAMILIES} >= {"qwen", "llama3", "gemma", "phi", "deepseek"}
    for family in CHAT_FAMILIES:
        assert family.source and family.assistant and family.end_tokens
        for token in family.end_tokens:
            assert token in END_TOKENS
            assert score(CALL + token + "\n", TRUTH).reward == 1.0, token


def test_prompt_examples_do_not_count() -> None:
    prompt = (
        "<|im_start|>system\nExample: <think>x</think><tool_call>[]</tool_call><|im_end|>\n"
        "<|im_start|>user\nq<|im_end|>\n<|im_start|>assistant\n"
    )
    assert parse(prompt + OK + "<|im_end|>", includes_prompt=True).error is None
    assert parse(prompt + "no tags<|im_end|>", includes_prompt=True).error == "missing_think"
    assert parse(prompt + OK + "<|im_end|>").error == "stray_tag"


@pytest.mark.parametrize(
    "build",
    [
        lambda n: OK + "<|im_end|>\n" * n,
        lambda n: OK + "<pad>" * n,
        lambda n: OK + " " * (10 * n) + "<|im_end|>",
        lambda n: "<|im_start|>assistant\n" * n + OK,
        lambda n: "<|" * n + OK,
        lambda n: "<\uff5c" * n + OK,
    ],
    ids=["end tokens", "pads", "whitespace", "markers", "marker prefixes", "full-width prefixes"],
)
def test_text_stage_is_linear(build) -> None:  # type: ignore[no-untyped-def]
    assert_linear(lambda n: locate_response(build(n), includes_prompt=True), 20_000)
