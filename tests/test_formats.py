"""The other formats: hermes, llama3_json, mistral, xlam, pythonic, openai, auto."""

from __future__ import annotations

import json

import pytest
from test_formats_tool_n1 import OTHER_FORMATS_ONLY

from toolreward import ToolCall, parse, score

F = ToolCall("f", {"a": 1})
G = ToolCall("g", {"s": "x"})
FJ = '{"name": "f", "arguments": {"a": 1}}'
GJ = '{"name": "g", "arguments": {"s": "x"}}'

# (id, format, completion, options, expected: list of calls or a reason code)
CASES = [
    # --- hermes ---
    ("hermes one", "hermes", f"<tool_call>\n{FJ}\n</tool_call>", {}, [F]),
    (
        "hermes two",
        "hermes",
        f"<tool_call>\n{FJ}\n</tool_call>\n<tool_call>\n{GJ}\n</tool_call>",
        {},
        [F, G],
    ),
    ("hermes think first", "hermes", f"<think>r</think>\n<tool_call>{FJ}</tool_call>", {}, [F]),
    (
        "hermes think required",
        "hermes",
        f"<tool_call>{FJ}</tool_call>",
        {"think": "required"},
        "missing_think",
    ),
    ("hermes text answer", "hermes", "It is sunny in Paris.", {}, []),
    ("hermes empty", "hermes", "", {}, "empty_response"),
    ("hermes blank", "hermes", " \n\t ", {}, "empty_response"),
    ("hermes think only", "hermes", "<think>No tool fits.</think>\n", {}, "empty_response"),
    ("hermes invisible", "hermes", "\u200b\u2800\u3164\ufeff", {}, "empty_response"),
    ("hermes tokens", "hermes", "<|im_end|><|foo|><end_of_turn>", {}, "empty_response"),
    ("hermes answer after think", "hermes", "<think>r</think> None fits.", {}, []),
    (
        "hermes close tag in string",
        "hermes",
        '<tool_call>{"name": "f", "arguments": {"s": "</tool_call><tool_call>"}}</tool_call>',
        {},
        [ToolCall("f", {"s": "</tool_call><tool_call>"})],
    ),
    ("hermes list in block", "hermes", f"<tool_call>[{FJ}]</tool_call>", {}, "call_not_object"),
    ("hermes unclosed", "hermes", f"<tool_call>{FJ}", {}, "unclosed_tool_call"),
    ("hermes invalid json", "hermes", "<tool_call>{'name': 'f'}</tool_call>", {}, "invalid_json"),
    ("hermes two objects", "hermes", f"<tool_call>{FJ} {GJ}</tool_call>", {}, "invalid_json"),
    ("hermes leading text", "hermes", f"Sure. <tool_call>{FJ}</tool_call>", {}, "leading_text"),
    (
        "hermes text between",
        "hermes",
        f"<tool_call>{FJ}</tool_call> and <tool_call>{GJ}</tool_call>",
        {},
        "text_between_blocks",
    ),
    ("hermes trailing", "hermes", f"<tool_call>{FJ}</tool_call> done", {}, "trailing_text"),
    (
        "hermes surrounding allowed",
        "hermes",
        f"Sure. <tool_call>{FJ}</tool_call> done",
        {"allow_surrounding_text": True},
        [F],
    ),
    (
        "hermes call in think",
        "hermes",
        f"<think><tool_call>{FJ}</tool_call></think>",
        {},
        "tool_call_in_think",
    ),
    (
        "hermes think after",
        "hermes",
        f"<tool_call>{FJ}</tool_call><think>x</think>",
        {},
        "think_after_tool_call",
    ),
    (
        "hermes duplicate key",
        "hermes",
        '<tool_call>{"name": "f", "name": "g", "arguments": {}}</tool_call>',
        {},
        "duplicate_key",
    ),
    (
        "hermes string args",
        "hermes",
        '<tool_call>{"name": "f", "arguments": "{\\"a\\": 1}"}</tool_call>',
        {},
        "arguments_not_object",
    ),
    (
        "hermes string args allowed",
        "hermes",
        '<tool_call>{"name": "f", "arguments": "{\\"a\\": 1}"}</tool_call>',
        {"allow_string_arguments": True},
        [F],
    ),
    (
        "hermes double encoded",
        "hermes",
        '<tool_call>{"name": "f", "arguments": "\\"{}\\""}</tool_call>',
        {"allow_string_arguments": True},
        "arguments_not_object",
    ),
    ("hermes stray close", "hermes", f"</tool_call><tool_call>{FJ}</tool_call>", {}, "stray_tag"),
    # --- llama3_json ---
    ("llama one", "llama3_json", '{"name": "f", "parameters": {"a": 1}}', {}, [F]),
    (
        "llama tag",
        "llama3_json",
        '<|python_tag|>{"name": "f", "parameters": {"a": 1}}<|eom_id|>',
        {},
        [F],
    ),
    (
        "llama semicolon",
        "llama3_json",
        '{"name": "f", "parameters": {"a": 1}}; {"name": "g", "parameters": {"s": "x"}}',
        {},
        [F, G],
    ),
    ("llama newline", "llama3_json", f"{FJ}\n{GJ}", {}, [F, G]),
    ("llama text answer", "llama3_json", "The weather is fine.", {}, []),
    ("llama empty", "llama3_json", "<think>r</think>\u200b", {}, "empty_response"),
    (
        "llama both keys",
        "llama3_json",
        '{"name": "f", "parameters": {}, "arguments": {}}',
        {},
        "bad_call_keys",
    ),
    ("llama trailing", "llama3_json", f"{FJ} thanks", {}, "trailing_text"),
    ("llama truncated", "llama3_json", '{"name": "f", "parameters": {"a": 1', {}, "invalid_json"),
    ("llama nan", "llama3_json", '{"name": "f", "parameters": {"a": NaN}}', {}, "invalid_json"),
    # --- mistral ---
    ("mistral list", "mistral", f"[TOOL_CALLS][{FJ}, {GJ}]", {}, [F, G]),
    (
        "mistral list with id",
        "mistral",
        '[TOOL_CALLS][{"name": "f", "arguments": {"a": 1}, "id": "abc123XYZ"}]',
        {},
        [F],
    ),
    ("mistral named", "mistral", '[TOOL_CALLS]f{"a": 1}[TOOL_CALLS]g{"s": "x"}', {}, [F, G]),
    ("mistral args marker", "mistral", '[TOOL_CALLS]f[ARGS]{"a": 1}', {}, [F]),
    ("mistral text answer", "mistral", "No tool needed.", {}, []),
    ("mistral empty", "mistral", "  ", {}, "empty_response"),
    (
        "auto argument named role",
        "auto",
        '{"name": "f", "arguments": {"role": "admin", "function": "x"}}',
        {},
        [ToolCall("f", {"role": "admin", "function": "x"})],
    ),
    (
        "auto list with argument named function",
        "auto",
        '[{"name": "f", "arguments": {"function": "x"}}]',
        {},
        [ToolCall("f", {"function": "x"})],
    ),
    (
        "auto openai message",
        "auto",
        '{"role": "assistant", "tool_calls": [{"type": "function", '
        '"function": {"name": "f", "arguments": "{\\"a\\": 1}"}}]}',
        {},
        [F],
    ),
    (
        "pythonic comment inside",
        "pythonic",
        "[f(a=1), # the rest\n g(s='x')]",
        {},
        "invalid_syntax",
    ),
    ("pythonic hash in string", "pythonic", "[f(a='#1')]", {}, [ToolCall("f", {"a": "#1"})]),
    ("auto empty", "auto", "<think>r</think>", {}, "empty_response"),
    ("openai no content", "openai", '{"role": "assistant", "content": null}', {}, "empty_response"),
    ("openai blank", "openai", '{"role": "assistant", "content": "\\u200b"}', {}, "empty_response"),
    ("openai answer", "openai", '{"role": "assistant", "content": "No."}', {}, []),
    ("openai empty list", "openai", "[]", {}, []),
    ("mistral leading", "mistral", f"ok [TOOL_CALLS][{FJ}]", {}, "leading_text"),
    ("mistral no name", "mistral", '[TOOL_CALLS]{"a": 1}', {}, "bad_name"),
    ("mistral trailing", "mistral", f"[TOOL_CALLS][{FJ}] bye", {}, "trailing_text"),
    ("mistral args list", "mistral", "[TOOL_CALLS]f[1]", {}, "arguments_not_object"),
    # --- xlam ---
    ("xlam list", "xlam", f"[{FJ}, {GJ}]", {}, [F, G]),
    ("xlam fence", "xlam", f"```json\n[{FJ}]\n```", {}, [F]),
    ("xlam bare fence", "xlam", f"```\n[{FJ}]\n```\n", {}, [F]),
    ("xlam empty", "xlam", "[]", {}, []),
    ("xlam text", "xlam", "I cannot help.", {}, "invalid_json"),
    ("xlam unclosed fence", "xlam", f"```json\n[{FJ}]", {}, "unclosed_tool_call"),
    ("xlam after fence", "xlam", f"```json\n[{FJ}]\n``` ok", {}, "trailing_text"),
    ("xlam think", "xlam", f"<think>r</think>[{FJ}]", {}, [F]),
    # --- pythonic ---
    ("py one", "pythonic", "[f(a=1)]", {}, [F]),
    (
        "py two, dotted",
        "pythonic",
        "[f(a=1), m.n.g(s='x')]",
        {},
        [F, ToolCall("m.n.g", {"s": "x"})],
    ),
    ("py bare call", "pythonic", "f(a=1)", {}, [F]),
    (
        "py negatives and nesting",
        "pythonic",
        "[f(a=-1, b=[1, -2.5, (3, 4)], c={'k': None, 'j': True})]",
        {},
        [ToolCall("f", {"a": -1, "b": [1, -2.5, [3, 4]], "c": {"k": None, "j": True}})],
    ),
    ("py empty", "pythonic", "[]", {}, []),
    ("py positional", "pythonic", "[f(1)]", {}, "positional_argument"),
    ("py kwargs", "pythonic", "[f(**x)]", {}, "positional_argument"),
    ("py bare name", "pythonic", "[f(a=celsius)]", {}, "bare_identifier"),
    ("py call value", "pythonic", "[f(a=g())]", {}, "unsupported_value"),
    ("py operator", "pythonic", "[f(a=1+2)]", {}, "unsupported_value"),
    ("py inf", "pythonic", "[f(a=1e999)]", {}, "unsupported_value"),
    ("py set", "pythonic", "[f(a={1, 2})]", {}, "unsupported_value"),
    ("py non-str key", "pythonic", "[f(a={1: 2})]", {}, "unsupported_value"),
    ("py duplicate kw", "pythonic", "[f(a=1, a=2)]", {}, "duplicate_key"),
    ("py syntax", "pythonic", "[f(a=1]", {}, "invalid_syntax"),
    ("py not a call", "pythonic", "[1, 2]", {}, "call_not_object"),
    ("py lambda name", "pythonic", "[(lambda: 0)(a=1)]", {}, "bad_name"),
    ("py never evaluated", "pythonic", "[__import__('os').system(a='echo hi')]", {}, "bad_name"),
    ("py think first", "pythonic", "<think>r</think>[f(a=1)]", {}, [F]),
    # --- openai ---
    (
        "openai list",
        "openai",
        json.dumps(
            [{"type": "function", "id": "c1", "function": {"name": "f", "arguments": '{"a": 1}'}}]
        ),
        {},
        [F],
    ),
    (
        "openai message",
        "openai",
        json.dumps(
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {"type": "function", "function": {"name": "f", "arguments": '{"a": 1}'}}
                ],
            }
        ),
        {},
        [F],
    ),
    (
        "openai dict args (TRL)",
        "openai",
        json.dumps(
            {
                "role": "assistant",
                "reasoning_content": "r",
                "tool_calls": [
                    {"type": "function", "function": {"name": "f", "arguments": {"a": 1}}}
                ],
            }
        ),
        {},
        [F],
    ),
    (
        "openai no calls",
        "openai",
        json.dumps({"role": "assistant", "content": "hi", "tool_calls": None}),
        {},
        [],
    ),
    (
        "openai double encoded",
        "openai",
        json.dumps(
            [
                {
                    "type": "function",
                    "function": {"name": "f", "arguments": json.dumps(json.dumps({"a": 1}))},
                }
            ]
        ),
        {},
        "arguments_not_object",
    ),
    (
        "openai bad args",
        "openai",
        json.dumps([{"function": {"name": "f", "arguments": "{a: 1}"}}]),
        {},
        "arguments_not_object",
    ),
    (
        "openai missing name",
        "openai",
        json.dumps([{"function": {"arguments": "{}"}}]),
        {},
        "bad_call_keys",
    ),
    (
        "openai think required",
        "openai",
        json.dumps({"tool_calls": []}),
        {"think": "required"},
        "missing_think",
    ),
    # --- auto ---
    ("auto tool_n1", "auto", f"<think>r</think><tool_call>[{FJ}]</tool_call>", {}, [F]),
    ("auto hermes", "auto", f"<tool_call>\n{FJ}\n</tool_call>", {}, [F]),
    ("auto mistral", "auto", f"[TOOL_CALLS][{FJ}]", {}, [F]),
    ("auto llama", "auto", '<|python_tag|>{"name": "f", "parameters": {"a": 1}}', {}, [F]),
    ("auto llama bare", "auto", '{"name": "f", "parameters": {"a": 1}}', {}, [F]),
    ("auto xlam", "auto", f"[{FJ}]", {}, [F]),
    ("auto pythonic", "auto", "[f(a=1)]", {}, [F]),
    (
        "auto openai",
        "auto",
        json.dumps([{"type": "function", "function": {"name": "f", "arguments": '{"a": 1}'}}]),
        {},
        [F],
    ),
    ("auto text", "auto", "Just text.", {}, []),
    (
        "auto openai message without calls",
        "auto",
        json.dumps({"role": "assistant", "content": "hi"}),
        {},
        [],
    ),
    ("auto mixed", "auto", f"[TOOL_CALLS][{FJ}]<tool_call>[]</tool_call>", {}, "mixed_formats"),
    (
        "auto mixed llama",
        "auto",
        f"<|python_tag|>{FJ}<tool_call>{FJ}</tool_call>",
        {},
        "mixed_formats",
    ),
    (
        "auto tool_n1 keeps its think rule",
        "auto",
        f"<tool_call>[{FJ}]</tool_call>",
        {},
        "missing_think",
    ),
]


@pytest.mark.parametrize(
    ("fmt", "completion", "options", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_formats(fmt: str, completion: str, options: dict, expected: object) -> None:
    parsed = parse(completion, format=fmt, **options)
    if isinstance(expected, str):
        assert parsed.error == expected, parsed.detail
        assert parsed.calls is None and parsed.detail
    else:
        assert parsed.error is None, parsed.detail
        assert parsed.calls == expected
        assert [c.arguments for c in parsed.calls] == [c.arguments for c in expected]


def test_other_format_reasons_are_covered() -> None:
    assert {c[4] for c in CASES if isinstance(c[4], str)} >= OTHER_FORMATS_ONLY


def test_openai_accepts_objects() -> None:
    message = {
        "role": "assistant",
        "reasoning_content": "because",
        "tool_calls": [{"type": "function", "function": {"name": "f", "arguments": {"a": 1}}}],
    }
    parsed = parse(message, format="openai")  # type: ignore[arg-type]
    assert parsed.calls == [F] and parsed.think == "because"
    assert score(message, [F.to_dict()], format="openai", think="required").reward == 1.0  # type: ignore[arg-type]
    assert score([message["tool_calls"][0]], [F.to_dict()], format="auto").reward == 1.0  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        score(message, [F.to_dict()])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "fmt", ["hermes", "llama3_json", "mistral", "xlam", "pythonic", "openai", "auto"]
)
def test_scores_through_every_format(fmt: str) -> None:
    text = {
        "hermes": f"<tool_call>{FJ}</tool_call>",
        "llama3_json": FJ,
        "mistral": f"[TOOL_CALLS][{FJ}]",
        "xlam": f"[{FJ}]",
        "pythonic": "[f(a=1.0)]",
        "openai": json.dumps([{"function": {"name": "f", "arguments": '{"a": 1}'}}]),
        "auto": "[f(a=1)]",
    }[fmt]
    assert score(text, [F.to_dict()], format=fmt).reward == 1.0
    assert score(text, [G.to_dict()], format=fmt).reason == "wrong_function_name"


TAGGED = ToolCall("f", {"s": "use <think> and </think> tags"})
TJ = json.dumps(TAGGED.to_dict())


@pytest.mark.parametrize(
    ("fmt", "completion"),
    [
        ("tool_n1", f"<think>r</think><tool_call>[{TJ}]</tool_call>"),
        ("hermes", f"<tool_call>{TJ}</tool_call>"),
        ("hermes", f"<think>r</think><tool_call>{TJ}</tool_call>"),
        ("llama3_json", TJ),
        ("llama3_json", f"<|python_tag|>{TJ}"),
        ("mistral", f"[TOOL_CALLS][{TJ}]"),
        ("xlam", f"[{TJ}]"),
        ("pythonic", '[f(s="use <think> and </think> tags")]'),
        (
            "openai",
            json.dumps(
                [{"type": "function", "function": {"name": "f", "arguments": TAGGED.arguments}}]
            ),
        ),
        ("auto", TJ),
        ("auto", f"[{TJ}]"),
    ],
)
def test_think_tags_inside_an_argument_are_text(fmt: str, completion: str) -> None:
    parsed = parse(completion, format=fmt)
    assert parsed.error is None, parsed.detail
    assert parsed.calls == [TAGGED]
    assert parse(completion + "<think>x</think>", format=fmt).error == "think_after_tool_call"


def test_odd_literals_write_no_warning() -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a SyntaxWarning would raise here
        for text in ("[f(a=1if)]", "[f(a=0x1for)]", "[f(a=1_000j)]"):
            assert parse(text, format="pythonic").error in (None, "invalid_syntax",
                                                             "unsupported_value")  # fmt: skip
