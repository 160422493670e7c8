"""Structural rules of the ``tool_n1`` format: every reason code and every option."""

from __future__ import annotations

import pytest

from toolreward import ToolCall, parse
from toolreward.reasons import FORMAT_REASONS, SCHEMA_REASONS

C = '[{"name": "f", "arguments": {"a": 1}}]'
CALL = [ToolCall("f", {"a": 1})]

# (id, completion, options, expected error or None)
CASES = [
    ("ok", f"<think>r</think><tool_call>{C}</tool_call>", {}, None),
    ("ok whitespace around", f" \n<think>r</think>\n\n<tool_call>\n{C}\n</tool_call>\n ", {}, None),
    (
        "ok bare object",
        '<think>r</think><tool_call>{"name": "f", "arguments": {"a": 1}}</tool_call>',
        {},
        None,
    ),
    ("ok no call", "<think>r</think><tool_call>[]</tool_call>", {}, None),
    ("missing think", f"<tool_call>{C}</tool_call>", {}, "missing_think"),
    ("close without open", f"r</think><tool_call>{C}</tool_call>", {}, "missing_think"),
    ("empty completion", "", {}, "missing_think"),
    ("unclosed think", "<think>reasoning", {}, "unclosed_think"),
    ("empty think", f"<think> \n\t</think><tool_call>{C}</tool_call>", {}, "empty_think"),
    ("nested think", f"<think>a<think>b</think><tool_call>{C}</tool_call>", {}, "nested_think"),
    (
        "call in think",
        f"<think>x<tool_call>{C}</tool_call></think><tool_call>[]</tool_call>",
        {},
        "tool_call_in_think",
    ),
    (
        "close call tag in think",
        f"<think>x</tool_call></think><tool_call>{C}</tool_call>",
        {},
        "tool_call_in_think",
    ),
    ("call in unclosed think", f"<think>x<tool_call>{C}</tool_call>", {}, "tool_call_in_think"),
    (
        "second think",
        f"<think>a</think><think>b</think><tool_call>{C}</tool_call>",
        {},
        "multiple_think_blocks",
    ),
    (
        "think after call",
        f"<think>a</think><tool_call>{C}</tool_call><think>b</think>",
        {},
        "think_after_tool_call",
    ),
    (
        "only think after call",
        f"<tool_call>{C}</tool_call><think>b</think>",
        {},
        "missing_think",  # required: the first failure is the absent leading block
    ),
    (
        "only think after call, optional",
        f"<tool_call>{C}</tool_call><think>b</think>",
        {"think": "optional"},
        "think_after_tool_call",
    ),
    (
        "escaped colon hides no repeat",
        '<think>r</think><tool_call>[{"name": "f", "arguments": {"a": "\\u003a", "a": 1}}]'
        "</tool_call>",
        {},
        "duplicate_key",
    ),
    (
        "escaped colon alone",
        '<think>r</think><tool_call>[{"name": "f", "arguments": {"a": "\\u003a"}}]</tool_call>',
        {},
        None,
    ),
    (
        "think tag inside an argument",
        '<think>r</think><tool_call>[{"name": "f", "arguments": {"s": "<think>"}}]</tool_call>',
        {},
        None,
    ),
    (
        "think inside payload region",
        f"<think>a</think><tool_call>{C}<think>b</think></tool_call>",
        {},
        "think_after_tool_call",
    ),
    ("stray close think", f"<think>a</think></think><tool_call>{C}</tool_call>", {}, "stray_tag"),
    (
        "stray close call",
        f"<think>a</think></tool_call><tool_call>{C}</tool_call>",
        {},
        "stray_tag",
    ),
    ("no tool call", "<think>a</think> The answer is 4.", {}, "missing_tool_call"),
    ("no tool call, blank", "<think>a</think>", {}, "missing_tool_call"),
    ("unclosed call", f"<think>a</think><tool_call>{C}", {}, "unclosed_tool_call"),
    (
        "two blocks",
        f"<think>a</think><tool_call>{C}</tool_call><tool_call>{C}</tool_call>",
        {},
        "multiple_tool_call_blocks",
    ),
    (
        "second block unclosed",
        f"<think>a</think><tool_call>{C}</tool_call><tool_call>{C}",
        {},
        "multiple_tool_call_blocks",
    ),
    ("leading text", f"Hi <think>a</think><tool_call>{C}</tool_call>", {}, "leading_text"),
    ("text between", f"<think>a</think> so: <tool_call>{C}</tool_call>", {}, "text_between_blocks"),
    ("trailing text", f"<think>a</think><tool_call>{C}</tool_call> ok", {}, "trailing_text"),
    (
        "python quotes",
        "<think>a</think><tool_call>[{'name': 'f', 'arguments': {}}]</tool_call>",
        {},
        "invalid_json",
    ),
    (
        "python True",
        '<think>a</think><tool_call>[{"name": "f", "arguments": {"a": True}}]</tool_call>',
        {},
        "invalid_json",
    ),
    (
        "python None",
        '<think>a</think><tool_call>[{"name": "f", "arguments": {"a": None}}]</tool_call>',
        {},
        "invalid_json",
    ),
    (
        "NaN",
        '<think>a</think><tool_call>[{"name": "f", "arguments": {"a": NaN}}]</tool_call>',
        {},
        "invalid_json",
    ),
    (
        "Infinity",
        '<think>a</think><tool_call>[{"name": "f", "arguments": {"a": -Infinity}}]</tool_call>',
        {},
        "invalid_json",
    ),
    (
        "out of range number",
        '<think>a</think><tool_call>[{"name": "f", "arguments": {"a": 1e999}}]</tool_call>',
        {},
        "invalid_json",
    ),
    (
        "trailing comma",
        '<think>a</think><tool_call>[{"name": "f", "arguments": {"a": 1,}}]</tool_call>',
        {},
        "invalid_json",
    ),
    ("empty payload", "<think>a</think><tool_call>  </tool_call>", {}, "invalid_json"),
    ("two values", f"<think>a</think><tool_call>{C} {C}</tool_call>", {}, "invalid_json"),
    (
        "too deep",
        '<think>a</think><tool_call>[{"name": "f", "arguments": {"a": '
        + "[" * 150
        + "]" * 150
        + "}}]</tool_call>",
        {},
        "invalid_json",
    ),
    (
        "duplicate key in args",
        '<think>a</think><tool_call>[{"name": "f", "arguments": {"a": 1, "a": 2}}]</tool_call>',
        {},
        "duplicate_key",
    ),
    (
        "duplicate name key",
        '<think>a</think><tool_call>[{"name": "g", "name": "f", "arguments": {}}]</tool_call>',
        {},
        "duplicate_key",
    ),
    (
        "duplicate key, colon in string",
        '<think>a</think><tool_call>[{"name": "f", "arguments": '
        '{"t": "10:30", "t": "11:00"}}]</tool_call>',
        {},
        "duplicate_key",
    ),
    (
        "duplicate key, escaped",
        '<think>a</think><tool_call>[{"name": "f", "arguments": '
        '{"t": "\\u003a", "t": 1}}]</tool_call>',
        {},
        "duplicate_key",
    ),
    ("scalar payload", "<think>a</think><tool_call>5</tool_call>", {}, "payload_not_list"),
    (
        "string payload",
        f"<think>a</think><tool_call>{C!r}</tool_call>".replace("'", '"'),
        {},
        "invalid_json",
    ),
    ("null payload", "<think>a</think><tool_call>null</tool_call>", {}, "payload_not_list"),
    (
        "item not object",
        '<think>a</think><tool_call>[["f", {}]]</tool_call>',
        {},
        "call_not_object",
    ),
    (
        "missing arguments",
        '<think>a</think><tool_call>[{"name": "f"}]</tool_call>',
        {},
        "bad_call_keys",
    ),
    (
        "extra key",
        '<think>a</think><tool_call>[{"name": "f", "arguments": {}, "id": 1}]</tool_call>',
        {},
        "bad_call_keys",
    ),
    (
        "parameters key",
        '<think>a</think><tool_call>[{"name": "f", "parameters": {}}]</tool_call>',
        {},
        "bad_call_keys",
    ),
    (
        "both keys",
        '<think>a</think><tool_call>[{"name": "f", "parameters": {}, "arguments": {}}]</tool_call>',
        {"allow_parameters_key": True},
        "bad_call_keys",
    ),
    (
        "empty name",
        '<think>a</think><tool_call>[{"name": "", "arguments": {}}]</tool_call>',
        {},
        "bad_name",
    ),
    (
        "numeric name",
        '<think>a</think><tool_call>[{"name": 3, "arguments": {}}]</tool_call>',
        {},
        "bad_name",
    ),
    (
        "string arguments",
        '<think>a</think><tool_call>[{"name": "f", "arguments": "{\\"a\\": 1}"}]</tool_call>',
        {},
        "arguments_not_object",
    ),
    (
        "list arguments",
        '<think>a</think><tool_call>[{"name": "f", "arguments": [1]}]</tool_call>',
        {},
        "arguments_not_object",
    ),
    # --- options ---
    ("optional: absent", f"<tool_call>{C}</tool_call>", {"think": "optional"}, None),
    (
        "optional: present",
        f"<think>a</think><tool_call>{C}</tool_call>",
        {"think": "optional"},
        None,
    ),
    (
        "optional: still strict",
        f"<think></think><tool_call>{C}</tool_call>",
        {"think": "optional"},
        "empty_think",
    ),
    (
        "optional: stray close",
        f"a</think><tool_call>{C}</tool_call>",
        {"think": "optional"},
        "stray_tag",
    ),
    (
        "optional: leading text",
        f"hi <tool_call>{C}</tool_call>",
        {"think": "optional"},
        "leading_text",
    ),
    ("forbidden: ok", f"<tool_call>{C}</tool_call>", {"think": "forbidden"}, None),
    (
        "forbidden: think",
        f"<think>a</think><tool_call>{C}</tool_call>",
        {"think": "forbidden"},
        "think_forbidden",
    ),
    (
        "forbidden: after",
        f"<tool_call>{C}</tool_call><think>a</think>",
        {"think": "forbidden"},
        "think_forbidden",
    ),
    (
        "prefilled: no opening tag",
        f"reasoning</think><tool_call>{C}</tool_call>",
        {"think_prefilled": True},
        None,
    ),
    (
        "prefilled: opening tag kept",
        f"\n<think>reasoning</think><tool_call>{C}</tool_call>",
        {"think_prefilled": True},
        None,
    ),
    (
        "prefilled: later open is nested",
        f"a <think>b</think><tool_call>{C}</tool_call>",
        {"think_prefilled": True},
        "nested_think",
    ),
    ("prefilled: unclosed", "reasoning", {"think_prefilled": True}, "unclosed_think"),
    (
        "empty think allowed",
        f"<think></think><tool_call>{C}</tool_call>",
        {"allow_empty_think": True},
        None,
    ),
    (
        "surrounding text allowed",
        f"Hi <think>a</think> so <tool_call>{C}</tool_call> bye",
        {"allow_surrounding_text": True},
        None,
    ),
    (
        "surrounding text: tags still count",
        f"Hi <think>a</think><tool_call>{C}</tool_call><tool_call>{C}</tool_call>",
        {"allow_surrounding_text": True},
        "multiple_tool_call_blocks",
    ),
    (
        "string arguments allowed",
        '<think>a</think><tool_call>[{"name": "f", "arguments": "{\\"a\\": 1}"}]</tool_call>',
        {"allow_string_arguments": True},
        None,
    ),
    (
        "string arguments must be an object",
        '<think>a</think><tool_call>[{"name": "f", "arguments": "[1]"}]</tool_call>',
        {"allow_string_arguments": True},
        "arguments_not_object",
    ),
    (
        "string arguments must be JSON",
        '<think>a</think><tool_call>[{"name": "f", "arguments": "{a: 1}"}]</tool_call>',
        {"allow_string_arguments": True},
        "arguments_not_object",
    ),
    (
        "parameters allowed",
        '<think>a</think><tool_call>[{"name": "f", "parameters": {"a": 1}}]</tool_call>',
        {"allow_parameters_key": True},
        None,
    ),
]


@pytest.mark.parametrize(
    ("completion", "options", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_structure(completion: str, options: dict, expected: str | None) -> None:
    parsed = parse(completion, **options)
    assert parsed.error == expected, parsed.detail
    if expected is None:
        assert parsed.calls is not None
        assert parsed.detail == ""
    else:
        assert parsed.calls is None
        assert parsed.detail  # every failure explains itself


OTHER_FORMATS_ONLY = {
    "invalid_syntax",
    "positional_argument",
    "bare_identifier",
    "unsupported_value",
    "mixed_formats",
    "empty_response",  # the tool_n1 format has no text answer: missing_tool_call
}


def test_every_format_reason_has_a_case() -> None:
    covered = {c[3] for c in CASES}
    assert set(FORMAT_REASONS) - OTHER_FORMATS_ONLY - set(SCHEMA_REASONS) <= covered


@pytest.mark.parametrize(
    "completion",
    [
        f"<think>r</think><tool_call>{C}</tool_call>",
        '<think>r</think><tool_call>{"name": "f", "arguments": {"a": 1}}</tool_call>',
        '<think>r</think><tool_call>[{"name": "f", "parameters": {"a": 1}}]</tool_call>',
    ],
)
def test_calls_are_read(completion: str) -> None:
    assert parse(completion, allow_parameters_key=True).calls == CALL


def test_tags_inside_json_strings_do_not_cut_the_call() -> None:
    args = {"html": "</tool_call><tool_call>", "t": "<think></think>"}
    text = (
        '<think>r</think><tool_call>[{"name": "f", "arguments": '
        '{"html": "</tool_call><tool_call>", "t": "<think></think>"}}]</tool_call>'
    )
    parsed = parse(text)
    assert parsed.error is None
    assert parsed.calls == [ToolCall("f", args)]
    assert parsed.calls[0].arguments == args


def test_spans_point_into_the_input() -> None:
    text = f"<|im_start|>assistant\n<think>why</think><tool_call>{C}</tool_call><|im_end|>"
    parsed = parse(text, includes_prompt=True)
    s, e = parsed.spans["think"]
    assert text[s:e] == "why" == parsed.think
    s, e = parsed.spans["payload"]
    assert text[s:e] == C
    s, e = parsed.spans["response"]
    assert text[s:e] == f"\n<think>why</think><tool_call>{C}</tool_call>"


def test_empty_call_list_means_no_call() -> None:
    assert parse("<think>r</think><tool_call>[]</tool_call>").calls == []


def test_fast_and_general_paths_agree_on_tags_in_strings() -> None:
    # Four '<' exactly takes the fast path; a fifth '<' in a string takes the general one.
    a = parse('<think>r</think><tool_call>[{"name": "f", "arguments": {"s": "x"}}]</tool_call>')
    b = parse('<think>r</think><tool_call>[{"name": "f", "arguments": {"s": "<"}}]</tool_call>')
    assert a.error is None and b.error is None
    assert b.calls[0].arguments == {"s": "<"}
