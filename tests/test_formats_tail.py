"""What may follow the calls: one input gets one reason code in every format."""

from __future__ import annotations

import pytest

from toolreward import parse, score

# One call f(a="x"), written in each format (name, format, body, options).
BODIES = [
    ("tool_n1", "tool_n1", '<tool_call>[{"name": "f", "arguments": {"a": "x"}}]</tool_call>', {}),
    ("hermes", "hermes", '<tool_call>\n{"name": "f", "arguments": {"a": "x"}}\n</tool_call>', {}),
    ("llama3_json", "llama3_json", '<|python_tag|>{"name": "f", "parameters": {"a": "x"}}', {}),
    ("mistral", "mistral", '[TOOL_CALLS][{"name": "f", "arguments": {"a": "x"}}]', {}),
    ("mistral named", "mistral", '[TOOL_CALLS]f{"a": "x"}', {}),
    ("xlam", "xlam", '[{"name": "f", "arguments": {"a": "x"}}]', {}),
    ("xlam fenced", "xlam", '```json\n[{"name": "f", "arguments": {"a": "x"}}]\n```', {}),
    ("pythonic", "pythonic", "[f(a='x')]", {}),
    ("pythonic bare call", "pythonic", 'f(a="x")', {}),
    ("pythonic java", "pythonic", '[f(a="x")]', {"language": "java"}),
    (
        "openai",
        "openai",
        '{"tool_calls": [{"type": "function", "function": '
        '{"name": "f", "arguments": "{\\"a\\": \\"x\\"}"}}]}',
        {},
    ),
    ("auto", "auto", '<tool_call>[{"name": "f", "arguments": {"a": "x"}}]</tool_call>', {}),
    ("auto pythonic", "auto", "[f(a='x')]", {}),
]

# (suffix after the calls, extra options, the one expected reason code)
TAILS = [
    ("", {}, "ok"),
    ("  \n\t", {}, "ok"),
    (" and more text", {}, "trailing_text"),
    ("\n\nDone.", {}, "trailing_text"),
    ("<think>late</think>", {}, "think_after_tool_call"),
    ("\n</think>", {}, "think_after_tool_call"),
    ("<think>late</think>", {"think": "forbidden"}, "think_forbidden"),
    (" then <think>", {"think": "forbidden"}, "think_forbidden"),
    (" and more text", {"allow_surrounding_text": True}, "ok"),
    (" and more text", {"think": "forbidden"}, "trailing_text"),
]


def _read(body: str, fmt: str, options: dict, suffix: str, extra: dict) -> str:
    # The openai text format carries its reasoning in a field, not in tags.
    think = "" if extra.get("think") == "forbidden" or fmt == "openai" else "<think>r</think>"
    parsed = parse(think + body + suffix, format=fmt, **options, **extra)
    if parsed.error is not None:
        return parsed.error
    assert [(c.name, c.arguments) for c in parsed.calls or []] == [("f", {"a": "x"})]
    return "ok"


@pytest.mark.parametrize(("suffix", "extra", "expected"), TAILS)
def test_one_input_one_reason_in_every_format(suffix: str, extra: dict, expected: str) -> None:
    got = {name: _read(body, fmt, opts, suffix, extra) for name, fmt, body, opts in BODIES}
    assert got == dict.fromkeys(got, expected)


@pytest.mark.parametrize(("name", "fmt", "body", "options"), BODIES, ids=[b[0] for b in BODIES])
def test_the_reward_follows_the_tail(name: str, fmt: str, body: str, options: dict) -> None:
    gt = [{"name": "f", "arguments": {"a": "x"}}]
    think = "" if fmt == "openai" else "<think>r</think>"
    assert score(think + body, gt, format=fmt, **options).reward == 1.0
    verdict = score(think + body + "\nSure, done!", gt, format=fmt, **options)
    assert (verdict.reward, verdict.reason) == (0.0, "trailing_text")


@pytest.mark.parametrize(
    "text",
    [
        "[f(a=1)] and x",  # a Python expression around the calls
        "[f(a=1)] # a comment hides nothing",
        "f(a=1) or g()",
    ],
)
def test_pythonic_text_after_the_calls_is_trailing(text: str) -> None:
    assert parse(text, format="pythonic").error == "trailing_text"


def test_a_hash_inside_a_string_is_not_a_tail() -> None:
    parsed = parse('[f(color="#FF0000")]', format="pythonic")
    assert parsed.error is None
    assert parsed.calls is not None and parsed.calls[0].arguments == {"color": "#FF0000"}
