"""Property-based invariants of the reward (hypothesis)."""

from __future__ import annotations

import json
import random
from typing import Any

from conftest import render
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from toolreward import REASONS, ToolCall, parse, score
from toolreward.canonical import canon
from toolreward.tags import TURN_MARKERS


def _no_turn_marker(text: str) -> bool:
    # A chat-turn marker is never part of a response, not even inside a
    # string (stray_tag; tests/test_text.py pins that rule).
    return not any(marker in text for marker in TURN_MARKERS)


names = st.from_regex(r"[a-z][a-z0-9_.]{0,12}", fullmatch=True)
keys = st.text(min_size=1, max_size=8).filter(_no_turn_marker)
scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(10**30), 10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12).filter(_no_turn_marker)
)
values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(keys, children, max_size=3),
    max_leaves=12,
)
arguments = st.dictionaries(keys, values, max_size=5)
calls = st.builds(lambda n, a: {"name": n, "arguments": a}, names, arguments)
call_lists = st.lists(calls, max_size=4)


@given(st.text())
def test_any_text_gives_a_binary_verdict(text: str) -> None:
    for preset in ("strict", "tool_n1"):
        v = score(text, '[{"name": "f", "arguments": {}}]', preset=preset)
        assert v.reward in (0.0, 1.0)
        assert (v.reward == 1.0) == (v.reason == "ok")


tags = st.sampled_from(
    [
        "<think>",
        "</think>",
        "<tool_call>",
        "</tool_call>",
        "<|im_end|>",
        "<|im_start|>assistant",
        "[",
        "]",
        "{",
        "}",
        '"',
        "\\",
        "\x00",
        "\u2028",
        "é",
        "\ud800",
        "NaN",
        ":",
        ",",
    ]
)


FORMATS = ["tool_n1", "hermes", "llama3_json", "mistral", "xlam", "pythonic", "openai", "auto"]
tags = tags | st.sampled_from(
    [
        "[TOOL_CALLS]",
        "[ARGS]",
        "<|python_tag|>",
        "```json\n",
        "f(",
        "a=",
        ")",
        "'",
        '"name"',
        '"arguments"',
        ";",
        "\n",
    ]
)


tags = tags | st.sampled_from(
    [
        "\udfff",  # raw lone surrogates, not only escapes
        "\\udc00",
        "\u200b",
        "\u2800",
        "\u3164",
        "\ufeff",
        "<|im_start|>",
        "<end_of_turn>",
        "<pad>",
        "<|eot_id|>",
        "<|x|>",
        "#",
        "\r",
        "9" * 500,
        '{"name": "f", "arguments": {}}',
        '"role": ',
    ]
)
hostile_texts = st.lists(tags | st.text(max_size=5), max_size=30).map("".join)


@settings(max_examples=1500)  # enough to combine the rare tags above
@given(hostile_texts)
def test_hostile_text_never_raises(text: str) -> None:
    for preset in ("strict", "tool_n1"):
        v = score(text, '[{"name": "f", "arguments": {}}]', preset=preset)
        assert v.reward in (0.0, 1.0) and v.reason in REASONS
        json.dumps(v.to_dict(), ensure_ascii=False).encode("utf-8")
    for fmt in FORMATS:
        parsed = parse(text, format=fmt)
        assert (parsed.error is None) == (parsed.calls is not None)
        parsed.detail.encode("utf-8")
        v = score(text, "[]", format=fmt, includes_prompt=len(text) % 2 == 1)
        assert (v.reward == 1.0) == (v.reason == "ok")
        v.detail.encode("utf-8")


@given(call_lists)
def test_rendered_ground_truth_scores_one(gold: list[dict[str, Any]]) -> None:
    assert score(render(gold), gold).reward == 1.0
    # The paper's regex cuts a call at a literal </tool_call> inside a string
    # (a documented difference); everywhere else it agrees.
    if "</tool_call>" not in json.dumps(gold):
        assert score(render(gold), json.dumps(gold), preset="tool_n1").reward == 1.0


def _shuffle_keys(value: Any, rng: random.Random) -> Any:
    if isinstance(value, dict):
        items = list(value.items())
        rng.shuffle(items)
        return {k: _shuffle_keys(v, rng) for k, v in items}
    if isinstance(value, list):
        return [_shuffle_keys(v, rng) for v in value]
    return value


@given(call_lists, st.randoms(use_true_random=False))
def test_permutations_keep_one(gold: list[dict[str, Any]], rng: random.Random) -> None:
    pred = _shuffle_keys(gold, rng)
    rng.shuffle(pred)
    assert score(render(pred), gold).reward == 1.0
    if "</tool_call>" not in json.dumps(gold):
        assert score(render(pred), json.dumps(gold), preset="tool_n1").reward == 1.0


def _paths(value: Any, path: tuple = ()) -> list[tuple]:
    out = [path]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*path, i))
    return out


def _replace(value: Any, path: tuple, new: Any) -> Any:
    if not path:
        return new
    copy = json.loads(json.dumps(value))
    node = copy
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = new
    return copy


@given(st.lists(calls.filter(lambda c: c["arguments"]), min_size=1, max_size=3), values, st.data())
def test_changed_value_gives_zero(
    gold: list[dict[str, Any]], new: Any, data: st.DataObject
) -> None:
    i = data.draw(st.integers(0, len(gold) - 1))
    args = gold[i]["arguments"]
    path = data.draw(st.sampled_from([p for p in _paths(args) if p]))
    node = args
    for step in path:
        node = node[step]
    assume(canon(node) != canon(new))
    pred = json.loads(json.dumps(gold))
    pred[i]["arguments"] = _replace(args, path, new)
    # The changed call must not coincide with another gold call.
    assume(ToolCall(**pred[i]) not in [ToolCall(**g) for g in gold])
    assert score(render(pred), gold).reward == 0.0


@given(call_lists, calls, st.data())
def test_adding_or_dropping_a_call_gives_zero(gold: list, extra: dict, data: st.DataObject) -> None:
    assert score(render([*gold, extra]), gold).reward == 0.0
    if gold:
        drop = data.draw(st.integers(0, len(gold) - 1))
        assert score(render(gold[:drop] + gold[drop + 1 :]), gold).reward == 0.0


@given(names, keys, st.integers(-(10**17), 10**17))
def test_int_to_float_keeps_one_and_to_string_gives_zero(name: str, key: str, n: int) -> None:
    gold = [{"name": name, "arguments": {key: n}}]
    as_float = (
        f'<think>r</think><tool_call>[{{"name": {json.dumps(name)}, "arguments": '
        f"{{{json.dumps(key)}: {n}.0}}}}]</tool_call>"
    )
    assert score(as_float, gold).reward == (1.0 if float(n) == n else 0.0)
    assert score(render([{"name": name, "arguments": {key: str(n)}}]), gold).reward == 0.0


@given(call_lists)
def test_parse_of_render_is_identity(gold: list[dict[str, Any]]) -> None:
    parsed = parse(render(gold))
    assert parsed.error is None
    assert parsed.calls == [ToolCall(**c) for c in gold]
    assert [c.to_dict() for c in parsed.calls] == gold  # exactly, not only canonically


int_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.text(max_size=3),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(keys, children, max_size=3),
    max_leaves=8,
)
int_calls = st.lists(
    st.builds(
        lambda n, a: {"name": n, "arguments": a},
        st.sampled_from(["f", "g"]),
        st.dictionaries(st.sampled_from(["a", "b"]), int_values, max_size=2),
    ),
    max_size=3,
)


@given(int_calls, int_calls, st.booleans(), st.text(alphabet="ab \n", min_size=1, max_size=5))
def test_presets_agree_where_rules_coincide(pred: list, gold: list, copy: bool, think: str) -> None:
    """On well-formed completions whose values hold no float, both presets give the same reward."""
    assume(think.strip())
    if copy:
        pred = list(reversed(gold))
    text = render(pred, think=think)
    a = score(text, gold).reward
    b = score(text, json.dumps(gold), preset="tool_n1").reward
    assert a == b
