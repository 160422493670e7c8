"""Readers on assistant turns rendered by the families' own chat templates.

TRL (1.16.0, a dev dependency) ships verbatim copies of the official chat
templates it recognises (``trl/chat_templates/*.jinja``; its README names
each one's origin, e.g. Gemma 4 at google/gemma-4-E2B-it@6b7e72c).  Here each
template renders a conversation whose last assistant message has reasoning
and tool calls, through transformers' own ``apply_chat_template``; the
assistant's part (the rendering minus the rendering of the messages before
it) is read with our format, and must give back exactly the calls and the
reasoning.  Nothing of the templates is copied into this repository: they
are read from the installed package.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from toolreward import parse
from toolreward.calls import ToolCall

trl = pytest.importorskip("trl")
TEMPLATES = Path(trl.__file__).parent / "chat_templates"

TOOLS = [
    {"type": "function", "function": {"name": "get_weather", "description": "Weather.", "parameters": {"type": "object",
     "properties": {"city": {"type": "string"}, "days": {"type": "integer"},
                    "hours": {"type": "array"}}}}},
    {"type": "function", "function": {"name": "ping", "description": "Ping.", "parameters": {"type": "object",
                                                                     "properties": {}}}},
]  # fmt: skip
CALLS = [("get_weather", {"city": "Paris — 東京", "days": 3, "hours": [9, 12]}), ("ping", {})]
REASONING = "I need the weather."

# (template, format, options, string_arguments, single_call, reasoning shown)
CASES = {
    "qwen2_5": ("hermes", {}, False, False, False),
    "qwen3": ("hermes", {}, False, False, True),
    "qwen3_5_think": ("qwen3_xml", {}, False, False, True),
    "qwen3_5_nothink": ("qwen3_xml", {}, False, False, True),
    "glm4moe": ("glm", {}, False, False, True),
    "gptoss": ("gpt_oss", {}, False, True, True),  # one call per Harmony message
    "gemma4": ("gemma4", {}, False, False, True),
    "gemma4_v5": ("gemma4", {}, False, False, True),
    "deepseekv3": ("deepseek", {}, True, False, False),
    "llama3_2": ("llama3_json", {}, False, True, False),
}


def _tokenizer(template: str) -> Any:
    from tiny_lm import char_tokenizer

    tokenizer = char_tokenizer()
    tokenizer.chat_template = (TEMPLATES / f"{template}.jinja").read_text(encoding="utf-8")
    return tokenizer


def _assistant_turn(template: str, calls: list, string_args: bool) -> str:
    tokenizer = _tokenizer(template)
    tool_calls = [
        {
            "type": "function",
            "function": {"name": n, "arguments": json.dumps(a) if string_args else a},
        }
        for n, a in calls
    ]
    messages = [
        {"role": "user", "content": "What is the weather in Paris?"},
        {
            "role": "assistant",
            "content": "",
            "reasoning_content": REASONING,
            "tool_calls": tool_calls,
        },
    ]
    full = tokenizer.apply_chat_template(messages, tools=TOOLS, tokenize=False)
    before = tokenizer.apply_chat_template(messages[:1], tools=TOOLS, tokenize=False)
    assert full.startswith(before), template
    return full[len(before) :]


@pytest.mark.parametrize("template", CASES)
def test_official_rendering_reads_back(template: str) -> None:
    fmt, options, string_args, single, shows_reasoning = CASES[template]
    if not (TEMPLATES / f"{template}.jinja").is_file():
        pytest.fail(f"trl no longer ships {template}.jinja")
    calls = CALLS[:1] if single else CALLS
    turn = _assistant_turn(template, calls, string_args)
    parsed = parse(turn, format=fmt, tools=TOOLS, includes_prompt=True, allow_empty_think=True,
                   **options)  # fmt: skip
    if fmt == "gpt_oss":
        # Harmony separates messages with the prompt's own assistant marker:
        # read the turn as the response alone.
        parsed = parse(turn.removeprefix("<|start|>assistant"), format=fmt, tools=TOOLS)
    assert parsed.error is None, (turn, parsed.detail)
    assert parsed.calls == [ToolCall(n, a) for n, a in calls], turn
    if shows_reasoning:
        assert parsed.think is not None and parsed.think.strip() == REASONING, turn
    auto = parse(turn.removeprefix("<|start|>assistant") if fmt == "gpt_oss" else turn,
                 format="auto", tools=TOOLS, includes_prompt=fmt != "gpt_oss",
                 allow_empty_think=True)  # fmt: skip
    assert auto.error is None and auto.calls == parsed.calls, (template, auto.detail)


@pytest.mark.parametrize("template", [t for t, c in CASES.items() if not c[3]])
def test_every_cut_off_official_rendering_fails_or_keeps_whole_calls(template: str) -> None:
    fmt, options, string_args, _, _ = CASES[template]
    turn = _assistant_turn(template, CALLS, string_args)
    whole = [ToolCall(n, a) for n, a in CALLS]
    if fmt == "gpt_oss":
        turn = turn.removeprefix("<|start|>assistant")
    for cut in range(len(turn)):
        parsed = parse(turn[:cut], format=fmt, tools=TOOLS, includes_prompt=fmt != "gpt_oss",
                       allow_empty_think=True, **options)  # fmt: skip
        if parsed.error is None:
            assert parsed.calls == whole[: len(parsed.calls)], (template, turn[:cut])
