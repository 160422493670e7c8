"""Hostile completions: linear time, no exception, a verdict every time."""

from __future__ import annotations

import time

import pytest

from toolreward import score

GT = '[{"name": "f", "arguments": {"s": "a"}}]'
MB = 1_000_000

INPUTS = {
    "unclosed tool_call tags": "<think>x</think>" + "<tool_call>" * (MB // 11),
    "unclosed think tags": "<think>" * (MB // 7),
    "closing tags only": "</tool_call>" * (MB // 12),
    "alternating blocks": "<think></think><tool_call></tool_call>" * (MB // 38),
    "nested brackets": "<think>x</think><tool_call>"
    + "[" * (MB // 2)
    + "]" * (MB // 2)
    + "</tool_call>",
    "unbalanced brackets": "<think>x</think><tool_call>" + "[{" * (MB // 2) + "</tool_call>",
    "end tokens": "x" + "<|im_end|> " * (MB // 11),
    "assistant markers": "<|im_start|>assistant" * (MB // 21),
    "long string argument": '<think>x</think><tool_call>[{"name":"f","arguments":{"s":"'
    + "a" * MB
    + '"}}]</tool_call>',
    "many calls": "<think>x</think><tool_call>["
    + ",".join(['{"name":"f","arguments":{"s":"a"}}'] * (MB // 34))
    + "]</tool_call>",
    "whitespace": "<think>x</think>" + " " * MB + "<tool_call>[]</tool_call>" + "\n" * MB,
    "escapes": '<think>x</think><tool_call>["' + "\\u0041" * (MB // 6) + '"]</tool_call>',
}


@pytest.mark.parametrize("preset", ["strict", "tool_n1"])
@pytest.mark.parametrize("name", list(INPUTS))
def test_megabyte_inputs_are_fast(name: str, preset: str) -> None:
    text = INPUTS[name]
    t0 = time.perf_counter()
    v = score(text, GT, preset=preset)
    elapsed = time.perf_counter() - t0
    assert v.reward in (0.0, 1.0)
    # 100 ms is the product target (docs/benchmarks.md); CI machines get slack.
    assert elapsed < 0.5, f"{name}: {elapsed * 1e3:.0f} ms"


OTHER = {
    "hermes blocks": "<tool_call>{" * (MB // 12),
    "mistral markers": "[TOOL_CALLS]" * (MB // 12),
    "python tags": "<|python_tag|>{" * (MB // 15),
    "llama objects": '{"name":"f","parameters":{}};' * (MB // 30),
    "pythonic nesting": "[f(a=" + "[" * (MB // 2),
    "pythonic calls": "[" + "f(a=1)," * (MB // 7) + "]",
    "fences": "```json\n" * (MB // 8),
    "deep json list": "[" * MB,
}


@pytest.mark.parametrize(
    "fmt", ["hermes", "llama3_json", "mistral", "xlam", "pythonic", "openai", "auto"]
)
@pytest.mark.parametrize("name", list(OTHER))
def test_megabyte_inputs_in_every_format(name: str, fmt: str) -> None:
    t0 = time.perf_counter()
    v = score(OTHER[name], GT, format=fmt)
    elapsed = time.perf_counter() - t0
    assert v.reward in (0.0, 1.0)
    assert elapsed < 1.0, f"{name} as {fmt}: {elapsed * 1e3:.0f} ms"


def test_time_is_linear_in_length() -> None:
    def cost(n: int) -> float:
        text = "<think>x</think>" + "<tool_call>" * n
        best = float("inf")
        for _ in range(3):
            t0 = time.perf_counter()
            score(text, GT)
            score(text, GT, preset="tool_n1")
            best = min(best, time.perf_counter() - t0)
        return best

    small, large = cost(20_000), cost(160_000)
    assert large < 8 * small * 3  # 8x the input, well under quadratic growth (64x)
