"""The readers of current model families, on outputs rendered as each family's template writes them.

Each ``render_*`` below writes an assistant message with tool calls the way
the family's chat template does (the template text is cited in each
reader's docstring: ``toolreward/formats/<name>.py``):

* ``qwen3_xml``: Qwen3-Coder / Qwen3.5 ``chat_template.jinja``;
* ``glm``: GLM-4.5 (newlines) and GLM-4.7 / 5 (compact);
* ``kimi``: Kimi-K2-Instruct;
* ``deepseek``: DeepSeek-V3 (fenced JSON), V3.1, and the DSML of V3.2 / V4.

Checked: 0, 1 and 2 calls, unicode, nested and empty arguments, thinking
on and off, values typed through the tools' schema; every prefix of an
output (a cut-off generation) either fails or yields only complete calls;
malformed blocks fail with a reason; ``auto`` recognises each family;
hypothesis round trips render random calls and read them back.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from toolreward import parse, score
from toolreward.calls import ToolCall
from toolreward.tags import (
    DS_CALL,
    DS_CALL_END,
    DS_CALLS,
    DS_CALLS_END,
    DS_SEP,
    DSML,
    END_TOKENS,
    TURN_MARKERS,
)

Calls = list[tuple[str, dict[str, Any]]]


def _jinja_string(value: Any) -> str:
    """Jinja's ``string`` filter on a scalar, as Qwen3-Coder's template applies it."""
    return value if isinstance(value, str) else str(value)


def _tojson(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def render_qwen3_xml(calls: Calls, think: str | None = None, content: str = "") -> str:
    out = f"<think>\n{think}\n</think>\n\n" if think is not None else ""
    out += content
    for i, (name, args) in enumerate(calls):
        lead = ("\n\n" if content.strip() else "") if i == 0 else "\n"
        out += f"{lead}<tool_call>\n<function={name}>\n"
        for key, value in args.items():
            text = _tojson(value) if isinstance(value, (dict, list)) else _jinja_string(value)
            out += f"<parameter={key}>\n{text}\n</parameter>\n"
        out += "</function>\n</tool_call>"
    return out


def render_glm45(calls: Calls, think: str | None = None, content: str = "") -> str:
    out = f"\n<think>{think}</think>" if think is not None else "\n<think></think>"
    if content.strip():
        out += "\n" + content.strip()
    for name, args in calls:
        out += f"\n<tool_call>{name}\n"
        for key, value in args.items():
            text = value if isinstance(value, str) else _tojson(value)
            out += f"<arg_key>{key}</arg_key>\n<arg_value>{text}</arg_value>\n"
        out += "</tool_call>"
    return out


def render_glm47(calls: Calls, think: str | None = None, content: str = "") -> str:
    out = f"<think>{think}</think>" if think is not None else "<think></think>"
    out += content.strip()
    for name, args in calls:
        out += f"<tool_call>{name}"
        for key, value in args.items():
            text = value if isinstance(value, str) else _tojson(value)
            out += f"<arg_key>{key}</arg_key><arg_value>{text}</arg_value>"
        out += "</tool_call>"
    return out


def render_kimi(calls: Calls, think: str | None = None, content: str = "") -> str:
    out = f"<think>{think}</think>" if think is not None else ""
    out += content
    if calls:
        out += "<|tool_calls_section_begin|>"
        for i, (name, args) in enumerate(calls):
            out += f"<|tool_call_begin|>functions.{name}:{i}<|tool_call_argument_begin|>"
            out += _tojson(args) + "<|tool_call_end|>"
        out += "<|tool_calls_section_end|>"
    return out


def render_deepseek_v3(calls: Calls, think: str | None = None, content: str = "") -> str:
    out = f"<think>{think}</think>" if think is not None else ""
    out += content
    for i, (name, args) in enumerate(calls):
        out += (DS_CALLS if i == 0 else "\n") + DS_CALL + "function" + DS_SEP + name
        out += "\n```json\n" + _tojson(args) + "\n```" + DS_CALL_END
    return out + (DS_CALLS_END if calls else "")


def render_deepseek_v31(calls: Calls, think: str | None = None, content: str = "") -> str:
    out = f"<think>{think}</think>" if think is not None else ""
    out += content
    for i, (name, args) in enumerate(calls):
        out += (DS_CALLS if i == 0 else "") + DS_CALL + name + DS_SEP + _tojson(args) + DS_CALL_END
    return out + (DS_CALLS_END if calls else "")


def render_dsml(block: str) -> Any:
    def render(calls: Calls, think: str | None = None, content: str = "") -> str:
        out = f"<think>{think}</think>" if think is not None else ""
        out += content
        if not calls:
            return out
        out += ("\n\n" if content else "") + f"<{DSML}{block}>\n"
        for name, args in calls:
            out += f'<{DSML}invoke name="{name}">\n'
            for key, value in args.items():
                flag = "true" if isinstance(value, str) else "false"
                text = value if isinstance(value, str) else _tojson(value)
                out += f'<{DSML}parameter name="{key}" string="{flag}">{text}</{DSML}parameter>\n'
            out += f"</{DSML}invoke>\n"
        return out + f"</{DSML}{block}>"

    return render


def render_mistral_v11(calls: Calls, think: str | None = None, content: str = "") -> str:
    """mistral-common ``InstructTokenizerV11``: name, ``[CALL_ID]`` id, ``[ARGS]`` JSON."""
    assert think is None, "v11 has no reasoning tokens"
    out = content
    for i, (name, args) in enumerate(calls):
        out += f"[TOOL_CALLS]{name}[CALL_ID]call{i:05d}[ARGS]" + _tojson(args)
    return out


def render_mistral_v13(calls: Calls, think: str | None = None, content: str = "") -> str:
    """mistral-common ``InstructTokenizerV13`` (no call id), reasoning in ``[THINK]`` tokens."""
    out = f"[THINK]{think}[/THINK]" if think is not None else ""
    out += content
    for name, args in calls:
        out += f"[TOOL_CALLS]{name}[ARGS]" + _tojson(args)
    return out


def render_gpt_oss(calls: Calls, think: str | None = None, content: str = "") -> str:
    """Harmony (openai/harmony docs/format.md): the analysis message, a commentary
    preamble, then one message per call to ``functions.NAME``; no call: a final message."""
    messages = []
    if think is not None:
        messages.append(f"<|channel|>analysis<|message|>{think}<|end|>")
    if calls and content:
        messages.append(f"<|channel|>commentary<|message|>{content}<|end|>")
    for name, args in calls:
        messages.append(
            f"<|channel|>commentary to=functions.{name} <|constrain|>json<|message|>"
            + _tojson(args)
            + "<|call|>"
        )
    if not calls:
        messages.append(f"<|channel|>final<|message|>{content}<|return|>")
    return "<|start|>assistant".join(messages)


def _gemma_value(value: Any) -> str:
    """Gemma 4's ``format_argument`` macro, with bare keys (as for call arguments)."""
    if value is None:
        return "null"
    if isinstance(value, str):
        return '<|"|>' + value + '<|"|>'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "{" + ",".join(f"{k}:{_gemma_value(v)}" for k, v in sorted(value.items())) + "}"
    if isinstance(value, list):
        return "[" + ",".join(_gemma_value(v) for v in value) + "]"
    return str(value)


def render_gemma4(calls: Calls, think: str | None = None, content: str = "") -> str:
    """Gemma 4's template: the thought channel, then ``<|tool_call>call:NAME{...}<tool_call|>``."""
    out = f"<|channel>thought\n{think}\n<channel|>" if think is not None else ""
    out += content
    for name, args in calls:
        out += f"<|tool_call>call:{name}" + _gemma_value(args) + "<tool_call|>"
    return out


_K3_TYPES = {str: "string", bool: "boolean", int: "integer", float: "number",
             type(None): "null", dict: "object", list: "array"}  # fmt: skip


def _k3_attr(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;")


def render_kimi_k3(calls: Calls, think: str | None = None, content: str = "") -> str:
    """Kimi K3's XTML channels as vLLM's kimi_k3 parser states them: the response
    channel (opened in the prompt), then the tools channel with typed arguments."""
    assert think is None, "K3's reasoning channel is not read"
    out = content + "<|close|>response<|sep|>"
    if not calls:
        return out
    out += "<|open|>tools<|sep|>"
    for i, (name, args) in enumerate(calls, 1):
        out += f'<|open|>call tool="{_k3_attr(name)}" index="{i}"<|sep|>'
        for key, value in args.items():
            kind = _K3_TYPES[type(value)]
            text = value if kind == "string" else _tojson(value)
            out += f'<|open|>argument key="{_k3_attr(key)}" type="{kind}"<|sep|>{text}<|close|>argument<|sep|>'
        out += "<|close|>call<|sep|>"
    return out + "<|close|>tools<|sep|>"


NO_THINK = {"mistral-v11", "kimi-k3"}

RENDERERS = {
    "qwen3_xml": ("qwen3_xml", render_qwen3_xml),
    "glm-4.5": ("glm", render_glm45),
    "glm-4.7": ("glm", render_glm47),
    "kimi-k2": ("kimi", render_kimi),
    "kimi-k3": ("kimi", render_kimi_k3),
    "deepseek-v3": ("deepseek", render_deepseek_v3),
    "deepseek-v3.1": ("deepseek", render_deepseek_v31),
    "deepseek-v3.2": ("deepseek", render_dsml("function_calls")),
    "deepseek-v4": ("deepseek", render_dsml("tool_calls")),
    "mistral-v11": ("mistral", render_mistral_v11),
    "mistral-v13": ("mistral", render_mistral_v13),
    "gpt-oss": ("gpt_oss", render_gpt_oss),
    "gemma4": ("gemma4", render_gemma4),
}

TOOLS = [
    {
        "type": "function",
        "function": {
            "name": "get_weather",
            "parameters": {
                "type": "object",
                "properties": {
                    "city": {"type": "string"},
                    "days": {"type": "integer"},
                    "metric": {"type": "boolean"},
                    "ratio": {"type": "number"},
                    "filters": {"type": "object"},
                    "hours": {"type": "array"},
                    "note": {"type": ["string", "null"]},
                },
            },
        },
    },
    {
        "type": "function",
        "function": {"name": "ping", "parameters": {"type": "object", "properties": {}}},
    },
    {
        "type": "function",
        "function": {
            "name": "mod.search",
            "parameters": {"type": "object", "properties": {"q": {"type": "string"}}},
        },
    },
]

CASES: dict[str, Calls] = {
    "one call": [("get_weather", {"city": "Paris", "days": 3})],
    "two calls": [("get_weather", {"city": "Paris"}), ("ping", {})],
    "unicode": [("get_weather", {"city": "東京 — Zürich ✓", "note": "naïve"})],
    "nested": [("get_weather", {"filters": {"a": [1, {"b": None}]}, "hours": [1, 2.5, "x"]})],
    "scalars": [("get_weather", {"metric": True, "ratio": -0.25, "days": 0})],
    "empty arguments": [("ping", {})],
    "dotted name": [("mod.search", {"q": "a < b and </c>"})],
}


def _read(fmt: str, text: str, **options: Any) -> Any:
    return parse(text, format=fmt, tools=TOOLS, **options)


READ_BACK = [
    (family, case, think)
    for family in RENDERERS
    for case in CASES
    for think in (None, "Let me check the weather.")
    if think is None or family not in NO_THINK
]


@pytest.mark.parametrize(("family", "case", "think"), READ_BACK)
def test_rendered_calls_read_back(family: str, case: str, think: str | None) -> None:
    fmt, render = RENDERERS[family]
    calls = CASES[case]
    text = render(calls, think)
    options = {"allow_empty_think": True} if family.startswith("glm") else {}
    parsed = _read(fmt, text, **options)
    assert parsed.error is None, (text, parsed.detail)
    assert parsed.calls == [ToolCall(n, a) for n, a in calls]
    got = [c.arguments for c in parsed.calls]
    assert json.dumps(got, sort_keys=True) == json.dumps([a for _, a in calls], sort_keys=True)
    if think is not None:
        assert parsed.think is not None and parsed.think.strip() == think
    auto = _read("auto", text, **options)
    assert auto.error is None and auto.calls == parsed.calls, family


@pytest.mark.parametrize("family", RENDERERS)
def test_no_call_is_a_text_answer(family: str) -> None:
    fmt, render = RENDERERS[family]
    think = None if family in NO_THINK else "thinking"
    parsed = _read(fmt, render([], think, "It is sunny in Paris."), allow_empty_think=True)
    assert parsed.error is None and parsed.calls == []


@pytest.mark.parametrize("family", RENDERERS)
def test_text_before_the_calls_needs_allow_surrounding_text(family: str) -> None:
    fmt, render = RENDERERS[family]
    think = None if family in NO_THINK else "thinking"
    text = render(CASES["one call"], think, "Let me look that up.")
    assert _read(fmt, text).error == "leading_text"
    relaxed = _read(fmt, text, allow_surrounding_text=True)
    assert relaxed.error is None and len(relaxed.calls) == 1


def test_glm_thinking_off_writes_an_empty_think_block() -> None:
    text = render_glm47(CASES["one call"])
    assert _read("glm", text).error == "empty_think"
    assert _read("glm", text, allow_empty_think=True).error is None


def test_without_tools_raw_values_stay_strings() -> None:
    text = render_qwen3_xml(CASES["scalars"])
    assert parse(text, format="qwen3_xml").calls == [
        ToolCall("get_weather", {"metric": "True", "ratio": "-0.25", "days": "0"})
    ]


def test_score_types_raw_values_and_checks_the_schema() -> None:
    truth = [{"name": "get_weather", "arguments": {"city": "Paris", "days": 3}}]
    text = render_qwen3_xml(CASES["one call"])
    assert score(text, truth, tools=TOOLS, format="qwen3_xml").reward == 1.0
    assert score(text, truth, tools=TOOLS, format="auto").reward == 1.0
    # Without tools the value "3" stays a string and does not match 3.
    assert score(text, truth, format="qwen3_xml").reason == "wrong_argument_type"
    bad = text.replace("\n3\n", "\nthree\n")
    assert score(bad, truth, tools=TOOLS, format="qwen3_xml").reason == "argument_type_mismatch"


@pytest.mark.parametrize("family", RENDERERS)
def test_every_cut_off_output_fails_or_keeps_only_whole_calls(family: str) -> None:
    fmt, render = RENDERERS[family]
    calls = [("get_weather", {"city": "Paris", "days": 3}), ("mod.search", {"q": "x"})]
    text = render(calls, None if family in NO_THINK else "reasoning")
    whole = [ToolCall(n, a) for n, a in calls]
    tags = ("[THINK]", "[/THINK]") if "[THINK]" in text else ("<think>", "</think>")
    if fmt == "gpt_oss":
        tags = ("<|channel|>analysis<|message|>", "<|end|>")
    if fmt == "gemma4":
        tags = ("<|channel>thought", "<channel|>")
    think_start = text.index(tags[0]) + len(tags[0]) if tags[0] in text else len(text)
    think_end = text.index(tags[1]) if tags[1] in text else -1
    for cut in range(len(text)):
        parsed = _read(fmt, text[:cut], allow_empty_think=True)
        if think_start <= cut <= think_end:
            assert parsed.error is not None, text[:cut]  # cut mid-reasoning
        elif parsed.error is None:
            assert parsed.calls == whole[: len(parsed.calls)], text[:cut]


MALFORMED = [
    ("qwen3_xml", "<tool_call>\n<parameter=a>\n1\n</parameter>\n</tool_call>", "call_not_object"),
    ("qwen3_xml", "<tool_call>\n<function=>\n</function>\n</tool_call>", "bad_name"),
    ("qwen3_xml", "<tool_call>\n<function=f>\nhello\n</function>\n</tool_call>", "invalid_syntax"),
    (
        "qwen3_xml",
        "<tool_call>\n<function=f>\n<parameter=a>\n1\n</parameter>\n<parameter=a>\n2\n"
        "</parameter>\n</function>\n</tool_call>",
        "duplicate_key",
    ),
    ("qwen3_xml", "<tool_call>\n<function=f>\n</function>\n</tool_call> done", "trailing_text"),
    ("qwen3_xml", "</function>", "stray_tag"),
    (
        "qwen3_xml",
        "<tool_call>\n<function=f>\n</function>\n</tool_call><tool_call>{}",
        "call_not_object",
    ),
    ("qwen3_xml", "<tool_call>\n<function=f>\n<parameter=a>\n1", "unclosed_tool_call"),
    ("glm", "<tool_call>f<arg_key>a</arg_key><arg_value>1", "unclosed_tool_call"),
    (
        "kimi",
        "<|tool_calls_section_begin|><|tool_call_begin|>functions.f:0<|tool_call_argument_begin|>"
        '{"a": 1}<|tool_call_end|>',
        "unclosed_tool_call",
    ),
    ("deepseek", DS_CALLS + DS_CALL + "f" + DS_SEP + '{"a": ', "unclosed_tool_call"),
    ("glm", "<tool_call><arg_key>a</arg_key><arg_value>1</arg_value></tool_call>", "bad_name"),
    ("glm", "<tool_call>f<arg_key>a</arg_key>1</tool_call>", "invalid_syntax"),
    (
        "glm",
        "<tool_call>f<arg_key>a</arg_key><arg_value>1</arg_value><arg_key>a</arg_key>"
        "<arg_value>2</arg_value></tool_call>",
        "duplicate_key",
    ),
    ("glm", "<tool_call>f</tool_call></tool_call>", "stray_tag"),
    (
        "kimi",
        "<|tool_calls_section_begin|><|tool_call_begin|>get_weather<|tool_call_argument_begin|>"
        "{}<|tool_call_end|><|tool_calls_section_end|>",
        "bad_name",
    ),
    (
        "kimi",
        "<|tool_calls_section_begin|><|tool_call_begin|>functions.f:0<|tool_call_argument_begin|>"
        "[1]<|tool_call_end|><|tool_calls_section_end|>",
        "arguments_not_object",
    ),
    (
        "kimi",
        "<|tool_calls_section_begin|><|tool_call_begin|>functions.f:0<|tool_call_argument_begin|>"
        "{bad}<|tool_call_end|><|tool_calls_section_end|>",
        "invalid_json",
    ),
    ("kimi", "<|tool_call_end|>", "stray_tag"),
    (
        "deepseek",
        DS_CALLS + DS_CALL + "f" + DS_SEP + "{}" + DS_CALL_END + DS_CALLS_END + DS_CALLS,
        "multiple_tool_call_blocks",
    ),
    (
        "deepseek",
        DS_CALLS + DS_CALL + "function" + DS_SEP + "f\n```json\n{}\n" + DS_CALL_END + DS_CALLS_END,
        "invalid_json",
    ),
    (
        "deepseek",
        f'<{DSML}function_calls><{DSML}invoke name="f"><{DSML}parameter name="a" '
        f'string="false">not json</{DSML}parameter></{DSML}invoke></{DSML}function_calls>',
        "invalid_json",
    ),
    (
        "deepseek",
        f"<{DSML}function_calls><{DSML}invoke></{DSML}invoke></{DSML}function_calls>",
        "bad_name",
    ),
]


@pytest.mark.parametrize(("fmt", "text", "reason"), MALFORMED)
def test_malformed_blocks_are_refused(fmt: str, text: str, reason: str) -> None:
    assert parse(text, format=fmt).error == reason


def test_a_closing_tag_inside_a_raw_value_does_not_cut_the_call() -> None:
    text = render_qwen3_xml([("mod.search", {"q": "see </parameter> here"})])
    assert _read("qwen3_xml", text).calls == [
        ToolCall("mod.search", {"q": "see </parameter> here"})
    ]
    glm = render_glm47([("mod.search", {"q": "a</arg_value>b"})])
    assert _read("glm", glm, allow_empty_think=True).calls[0].arguments == {"q": "a</arg_value>b"}


def test_auto_flags_a_mixture_of_families() -> None:
    text = render_kimi(CASES["one call"]) + render_deepseek_v31(CASES["one call"])
    assert parse(text, format="auto").error == "mixed_formats"


# --- round trips --------------------------------------------------------------------

# Closing tags and chat markers (a turn marker anywhere in a response is a
# stray_tag, by the text stage's rule) are left out of generated strings.
_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12).filter(
    lambda s: (
        "</" not in s
        and "<\uff5c" not in s
        and s.strip() == s
        and not any(m in s for m in (*TURN_MARKERS, *END_TOKENS))
    )
)
_scalars = st.one_of(
    _text,
    st.integers(-(10**12), 10**12),
    st.booleans(),
    st.floats(allow_nan=False, allow_infinity=False, width=32).filter(lambda x: x != int(x)),
)
_json = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-100, 100), _text),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_text, inner, max_size=3),
    max_leaves=6,
)
_TYPES = {
    str: "string",
    bool: "boolean",
    int: "integer",
    float: "number",
    list: "array",
    dict: "object",
}


def _keys(value: Any) -> list[str]:
    """Every dict key inside ``value``."""
    if isinstance(value, dict):
        return [*value, *(k for v in value.values() for k in _keys(v))]
    if isinstance(value, (list, tuple)):
        return [k for v in value for k in _keys(v)]
    return []


def _tools_for(calls: Calls) -> list[dict[str, Any]]:
    return [
        {
            "name": name,
            "parameters": {
                "type": "object",
                "properties": {k: {"type": _TYPES[type(v)]} for k, v in args.items()},
            },
        }
        for name, args in calls
    ]


_args = st.dictionaries(
    st.from_regex(r"[a-z][a-z0-9_]{0,5}", fullmatch=True),
    _scalars | st.lists(_json, max_size=3) | st.dictionaries(_text, _json, max_size=3),
    max_size=4,
)
_call_lists = st.lists(
    st.tuples(st.from_regex(r"[a-z][a-z0-9_]{0,6}(\.[a-z][a-z0-9_]{0,6})?", fullmatch=True), _args),
    min_size=1,
    max_size=3,
    unique_by=lambda c: c[0],
)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(RENDERERS)), _call_lists, st.booleans())
def test_round_trip(family: str, calls: Calls, thinking: bool) -> None:
    fmt, render = RENDERERS[family]
    if fmt == "gemma4":  # the template writes keys bare and has no escape for <|"|>
        assume(all(re.fullmatch(r"[^\s:{}\[\],<>\"]+", k) for k in _keys(calls)))
        assume('<|"|>' not in json.dumps(calls, ensure_ascii=False))
    text = render(calls, "plan" if thinking and family not in NO_THINK else None)
    parsed = parse(text, format=fmt, tools=_tools_for(calls), allow_empty_think=True)
    assert parsed.error is None, (text, parsed.detail)
    got = [(c.name, c.arguments) for c in parsed.calls]
    assert json.dumps(got, sort_keys=True) == json.dumps(calls, sort_keys=True)


# --- families read by the older readers ------------------------------------------


def render_qwen3_hermes(calls: Calls, thinking: bool) -> str:
    """Qwen3's template: ``<think>\\n...\\n</think>\\n\\n`` (an empty block when thinking is
    off), then one ``<tool_call>\\n{json}\\n</tool_call>`` per call."""
    think = (
        "<think>\nI should call the tools.\n</think>\n\n" if thinking else "<think>\n\n</think>\n\n"
    )
    blocks = [
        "<tool_call>\n" + _tojson({"name": n, "arguments": a}) + "\n</tool_call>" for n, a in calls
    ]
    return think + "\n".join(blocks)


@pytest.mark.parametrize("case", CASES)
def test_qwen3_hermes_thinking_on_and_off(case: str) -> None:
    calls = [ToolCall(n, a) for n, a in CASES[case]]
    on = parse(render_qwen3_hermes(CASES[case], True), format="hermes")
    assert on.error is None and on.calls == calls and on.think.strip() == "I should call the tools."
    off = render_qwen3_hermes(CASES[case], False)
    assert parse(off, format="hermes").error == "empty_think"
    relaxed = parse(off, format="hermes", allow_empty_think=True)
    assert relaxed.error is None and relaxed.calls == calls


@pytest.mark.parametrize(
    "text",
    [
        '[get_weather(city="Paris", days=3), ping()]',
        '<|python_start|>[get_weather(city="Paris", days=3), ping()]<|python_end|>',
        '<|python_start|>[get_weather(city="Paris", days=3), ping()]<|python_end|><|eot|>',
    ],
)
def test_llama4_pythonic_calls(text: str) -> None:
    expected = [ToolCall("get_weather", {"city": "Paris", "days": 3}), ToolCall("ping", {})]
    assert parse(text, format="pythonic").calls == expected
    assert parse(text, format="auto").calls == expected
