"""Text stage: the assistant response inside prompt-plus-response text."""

from __future__ import annotations

import pytest

from toolreward import parse
from toolreward.text import response_bounds

OK = "<think>r</think><tool_call>[]</tool_call>"


@pytest.mark.parametrize(
    ("text", "response"),
    [
        ("abc", "abc"),
        ("", ""),
        ("x<|im_end|>", "x"),
        ("x<|im_end|>\n<|endoftext|><|endoftext|>  \n", "x"),
        ("x <|eot_id|>", "x "),
        ("x</s></s>", "x"),
        ("a</s>b", "a</s>b"),
        ("<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\nA<|im_end|>", "\nA"),
        ("<|im_start|>assistant\nA<|im_start|>assistant\nB", "\nB"),
        ("<|start_header_id|>assistant<|end_header_id|>\n\nL<|eot_id|>", "\n\nL"),
        ("<|im_start|>assistant\nA<|start_header_id|>assistant<|end_header_id|>B", "B"),
        ("<|im_end|>", ""),
    ],
)
def test_response_bounds(text: str, response: str) -> None:
    start, end = response_bounds(text)
    assert text[start:end] == response


def test_prompt_examples_do_not_count() -> None:
    prompt = (
        "<|im_start|>system\nExample: <think>x</think><tool_call>[]</tool_call><|im_end|>\n"
        "<|im_start|>user\nq<|im_end|>\n<|im_start|>assistant\n"
    )
    assert parse(prompt + OK + "<|im_end|>").error is None
    assert parse(prompt + "no tags<|im_end|>").error == "missing_think"


def test_many_end_tokens_are_linear() -> None:
    import time

    text = OK + "<|im_end|>\n" * 100_000
    t0 = time.perf_counter()
    assert parse(text).error is None
    assert time.perf_counter() - t0 < 1.0
