"""The compiled core (``toolreward._speedups``) never changes a verdict.

``tool_n1_judge`` and ``strict_judge`` may only say "reward 1" (``True``) when
the pure-Python ``tool_n1`` or ``strict`` scorer says so, and "a valid response
with wrong calls" (``False``) only when it says that; they may say "not
proven" (``None``) for anything.  Checked here, for both presets:

* soundness on generated completions (hypothesis): payloads rendered every
  way JSON allows (key order, spacing, escapes, surrogate pairs, float
  spellings), right and wrong answers, broken frames;
* the typed-key encoding of floats and strings against msgspec's, and the
  canonical keys against ``canon``'s equality;
* identical ``Verdict``s with and without the core on every benchmark corpus
  and hostile shape;
* completeness where it pays: the correct and the wrong answers of the
  realistic corpus are all proven;
* a verdict proven wrong explains itself, when read, exactly as the Python
  scorer does;
* linear time on the hostile shapes, and ``TOOLREWARD_PURE_PYTHON=1``, under
  which the hypothesis suites of ``score`` pass too.

Skipped as a whole when the core was not built (no C compiler).
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import toolreward.presets.strict as strict_module
import toolreward.presets.tool_n1 as tool_n1_module
from toolreward import score
from toolreward.ground_truth import load_ground_truth
from toolreward.match import canonical_gold, typed_gold
from toolreward.native import strict_judge, tool_n1_judge
from toolreward.results import deliverable

pytestmark = pytest.mark.skipif(tool_n1_judge is None, reason="the compiled core is not built")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))


def _pure_strict() -> Any:
    saved = strict_module.strict_judge
    strict_module.strict_judge = None
    try:
        return strict_module.build({})
    finally:
        strict_module.strict_judge = saved


PURE_STRICT = _pure_strict() if strict_judge is not None else None


def python_verdict(completion: str, truth: Any, preset: str) -> Any:
    """The pure-Python verdict (the core switched off)."""
    if preset == "strict":
        assert PURE_STRICT is not None
        return deliverable(PURE_STRICT(completion, load_ground_truth(truth), None))
    saved = tool_n1_module._native_judge
    tool_n1_module._native_judge = None
    try:
        return score(completion, truth, preset="tool_n1")
    finally:
        tool_n1_module._native_judge = saved


def native(completion: str, truth: Any, preset: str = "tool_n1") -> bool | None:
    """What the core says: True (reward 1), False (valid, wrong calls) or None."""
    ground_truth = load_ground_truth(truth)
    if preset == "strict":
        gold = canonical_gold(ground_truth)
        assert strict_judge is not None
        return None if gold is None else strict_judge(completion, gold)
    assert tool_n1_judge is not None
    return tool_n1_judge(completion, typed_gold(ground_truth)[0])


def check(completion: str, truth: Any, presets: tuple[str, ...] = ("tool_n1", "strict")) -> bool:
    """Soundness for one case and each preset; returns whether the core proved the first
    a pass."""
    proved_first = False
    for preset in presets:
        proof = native(completion, truth, preset)
        expected = python_verdict(completion, truth, preset)
        if proof is True:
            assert expected.reward == 1.0, (preset, completion, truth, expected)
        elif proof is False:
            assert expected[:3] == (0.0, True, False), (preset, completion, truth, expected)
        got = score(completion, truth, preset=preset)
        assert got[:3] == expected[:3], preset  # the proven fields, before any explanation
        assert got == expected, preset  # reason and detail, explained on reading
        proved_first = proved_first or (proof is True and preset == presets[0])
    return proved_first


# --- generated completions ----------------------------------------------------------

TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs"])
    | st.sampled_from('"\\/\n\t\x00\x1f\x7f'),
    max_size=8,
)
FLOATS = st.floats(allow_nan=False, allow_infinity=False) | st.sampled_from(
    [0.0, -0.0, 1e-4, 9.999e-5, 1e16, 9999999999999998.0, 0.1, 1e22, 5e-324, 20.066]
)
LEAF = st.none() | st.booleans() | st.integers(-(10**20), 10**20) | FLOATS | TEXT
VALUE = st.recursive(
    LEAF,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=8,
)
CALLS = st.lists(
    st.fixed_dictionaries({"name": st.sampled_from(["f", "g", "é", "a b"]),
                           "arguments": st.dictionaries(TEXT, VALUE, max_size=4)}),
    max_size=3,
)  # fmt: skip


def float_spelling(x: float, how: int) -> str:
    """One of several JSON spellings of a float, all decoding to ``x`` (or close to it)."""
    if how == 0:
        return repr(x)
    if how == 1:
        return f"{x:.17g}" if "." in f"{x:.17g}" or "e" in f"{x:.17g}" else f"{x:.17g}.0"
    if how == 2:
        return f"{x:e}"
    if how == 3:
        return f"{x:.6f}"
    return repr(x).replace("e+", "E")


def _spelled_call(call: dict[str, Any], how: int) -> str:
    def value(v: Any) -> str:
        if isinstance(v, float) and math.isfinite(v):
            return float_spelling(v, how)
        return json.dumps(v)

    arguments = ", ".join(f"{json.dumps(k)}: {value(v)}" for k, v in call["arguments"].items())
    return f'{{"name": {json.dumps(call["name"])}, "arguments": {{{arguments}}}}}'


@st.composite
def rendered(draw: st.DrawFn) -> tuple[str, list[Any]]:
    """A payload as some model might write it, and the calls it decodes to."""
    calls = draw(CALLS)
    ensure_ascii = draw(st.booleans())
    indent = draw(st.sampled_from([None, 2]))
    text = json.dumps(calls, ensure_ascii=ensure_ascii, indent=indent,
                      sort_keys=draw(st.booleans()))  # fmt: skip
    how = draw(st.integers(0, 4))
    if how and any(isinstance(v, float) for c in calls for v in c["arguments"].values()):
        # respell the top-level float arguments; the truth follows what the text decodes to
        for call in calls:
            for key, value in call["arguments"].items():
                if isinstance(value, float) and math.isfinite(value):
                    call["arguments"][key] = json.loads(float_spelling(value, how))
        text = "[" + ", ".join(_spelled_call(c, how) for c in calls) + "]"
    if draw(st.booleans()) and len(calls) == 1:
        text = text.strip()[1:-1] if indent is None else json.dumps(calls[0])  # a bare object
    return text, calls


FRAMES = [
    "<think>x</think><tool_call>{}</tool_call>",
    "<think>\nplan\n</think>\n\n<tool_call>\n{}\n</tool_call><|im_end|>",
    "<tool_call>{}</tool_call>",  # no think
    "<think>x</think><tool_call>{}</tool_call> trailing",
    "<think>x</think><tool_call>[]</tool_call><tool_call>{}</tool_call>",
    "<think>x</think><tool_call>{}</tool_call><tool_call>[]</tool_call>",
    "prompt<|im_start|>assistant\n<think>x</think><tool_call>{}</tool_call>",
    "<think>x</think><|im_start|>assistant\n<tool_call>{}</tool_call>",
    "<think>x</think><tool_call>\u00a0{}\u00a0</tool_call>",
    "<think>x</think><tool_call>{}",
]


def mutate(calls: list[Any], how: int) -> list[Any]:
    calls = json.loads(json.dumps(calls))
    if not calls or how == 0:
        return calls
    if how == 1:
        return calls[:-1]
    if how == 2:
        calls[0]["name"] += "x"
    elif how == 3:
        calls[0]["arguments"]["extra"] = 1
    elif how == 4 and calls[0]["arguments"]:
        key = sorted(calls[0]["arguments"])[0]
        value = calls[0]["arguments"][key]
        calls[0]["arguments"][key] = [value] if not isinstance(value, list) else 1.0
    return calls


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rendered(), st.sampled_from(FRAMES), st.integers(0, 4))
def test_the_core_proves_only_what_python_passes(
    payload: tuple[str, list[Any]], frame: str, how: int
) -> None:
    text, calls = payload
    check(frame.replace("{}", text, 1), mutate(calls, how))


THINK_PIECES = [
    "x",
    "ok",
    " ",
    "\n",
    "\u200b",
    "\u2800",
    "\u3164",
    "\ufe0f",
    "[INST]",
    "[INS",
    "T]",
    "\u00e9",
    "\u2003",
    "\t",
    "<|im_end|>",
    "1",
]
TAIL_PIECES = [
    "",
    " ",
    "\n",
    "\f",
    "\v",
    "\u2003",
    "<|im_end|>",
    "<|endoftext|>",
    "<|user|>",
    "</s>",
    "<|eot_id|>",
    "<\uff5cend\u2581of\u2581sentence\uff5c>",
    "x",
    "[INST]",
    "<|im_start|>",
]
GAP_PIECES = ["", " ", "\n\n", "\u2003", "x", "\f"]


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(THINK_PIECES), max_size=5),
    st.lists(st.sampled_from(TAIL_PIECES), max_size=7),
    st.sampled_from(GAP_PIECES),
    st.sampled_from(GAP_PIECES),
    st.booleans(),
)
def test_strict_frames_are_proven_only_when_python_passes(
    think: list[str], tail: list[str], lead: str, gap: str, right: bool
) -> None:
    """The response rules around the blocks: what the reasoning must say, what may lead,
    sit between and trail (whitespace of every kind, end tokens, turn markers)."""
    calls = [{"name": "f", "arguments": {"a": 1}}]
    truth = calls if right else [{"name": "f", "arguments": {"a": 2}}]
    text = (f"{lead}<think>{''.join(think)}</think>{gap}<tool_call>{json.dumps(calls)}"
            f"</tool_call>{''.join(tail)}")  # fmt: skip
    check(text, truth, presets=("strict", "tool_n1"))


@settings(max_examples=1000, deadline=None)
@given(st.text(max_size=60), st.sampled_from(['[{"name": "f", "arguments": {}}]', "[]"]))
def test_arbitrary_text_is_never_wrongly_proven(noise: str, truth: str) -> None:
    check(noise, truth)
    check(f"<think>{noise}</think><tool_call>{noise}</tool_call>", truth)
    check(
        f'<think>x</think><tool_call>[{{"name": "f", "arguments": {{{noise}}}}}]</tool_call>', truth
    )


# --- the typed-key encoding -----------------------------------------------------------


@settings(max_examples=3000, deadline=None)
@given(FLOATS, st.integers(0, 4))
def test_float_keys_equal_msgspecs(x: float, how: int) -> None:
    """A float argument is proven equal exactly when msgspec's keys agree: the core's
    fixed-notation shortcut and its repr fallback both give msgspec's spelling."""
    spelled = float_spelling(x, how)
    value = json.loads(spelled)
    completion = (
        f'<think>x</think><tool_call>[{{"name": "f", "arguments": {{"a": {spelled}}}}}]</tool_call>'
    )
    same = [{"name": "f", "arguments": {"a": value}}]
    assert check(completion, same) == (
        math.isfinite(value) and (value == 0 or 1e-4 <= abs(value) < 1e16)
    ), spelled
    near = math.nextafter(value, 0.0)
    if math.isfinite(value) and value != 0:
        other = [{"name": "f", "arguments": {"a": near}}]
        assert native(completion, other) is not True


@settings(max_examples=2000, deadline=None)
@given(TEXT, st.booleans())
def test_string_keys_equal_msgspecs(s: str, ensure_ascii: bool) -> None:
    arguments = {s: s, "k": [s]}
    completion = ("<think>x</think><tool_call>"
                  + json.dumps([{"name": "f", "arguments": arguments}], ensure_ascii=ensure_ascii)
                  + "</tool_call>")  # fmt: skip
    assert check(completion, [{"name": "f", "arguments": arguments}])
    encoded = msgspec.json.Encoder(order="sorted").encode(arguments)
    assert (
        typed_gold(load_ground_truth([{"name": "f", "arguments": arguments}]))[0][0][1] == encoded
    )


# --- the canonical keys of strict ------------------------------------------------------


@pytest.mark.parametrize(
    "spelled, gold, strict, tool_n1",
    [
        ("1", 1, True, True),
        ("1.0", 1, True, False),
        ("1e0", 1, True, False),
        ("10E-1", 1, True, False),
        ("1.000", 1, True, False),
        ("-0.0", 0, True, False),
        ("-0", 0, True, True),
        ("0", -0.0, True, False),
        ("1000000000000000.0", 10**15, True, False),
        ("9007199254740993", 2.0**53, False, False),
        ("2.5", 2, False, False),
        ("2", 2.5, False, False),
        ("1", True, False, False),
        ("true", 1, False, False),
        ("0.1", 0.1, True, True),
        ("0.10", 0.1, True, True),
        ("1.5e1", 15, True, False),
        ("1.5e1", 15.0, True, True),
        ("1e16", 10**16, None, None),  # out of the core's range: Python decides
    ],
)
def test_strict_compares_numbers_by_value(
    spelled: str, gold: Any, strict: bool | None, tool_n1: bool | None
) -> None:
    """Under ``strict`` the core proves ``1.0 == 1`` (canonical keys); under ``tool_n1`` it
    proves them different (typed keys), as each preset's Python scorer says."""
    text = (
        f'<think>x</think><tool_call>[{{"name": "f", "arguments": {{"a": {spelled}}}}}]</tool_call>'
    )
    truth = [{"name": "f", "arguments": {"a": gold}}]
    assert native(text, truth, "strict") is strict
    assert native(text, truth, "tool_n1") is tool_n1
    check(text, truth)


def test_a_proven_wrong_answer_is_explained_when_read() -> None:
    text = '<think>x</think><tool_call>[{"name": "f", "arguments": {"a": 2}}]</tool_call>'
    for preset in ("strict", "tool_n1"):
        verdict = score(text, '[{"name": "f", "arguments": {"a": 1}}]', preset=preset)
        assert verdict._explain is not None  # nothing explained yet
        assert verdict.reason == "wrong_argument_value"
        assert verdict.detail == "f: arguments.a: expected 1, got 2"
        assert verdict._explain is None


def test_truths_without_canonical_keys_go_to_python() -> None:
    truth = load_ground_truth([{"name": "f", "arguments": {"a": "\ud800"}}])
    assert canonical_gold(truth) is None
    assert typed_gold(truth)[0][0][1] == '{"a": "\\ud800"}'  # json.dumps' key: not bytes
    text = '<think>x</think><tool_call>[{"name": "f", "arguments": {"a": 1}}]</tool_call>'
    assert tool_n1_judge is not None and tool_n1_judge(text, typed_gold(truth)[0]) is None


# --- corpora ------------------------------------------------------------------------


def test_same_verdicts_on_the_benchmark_corpora() -> None:
    from corpus import make_corpus, make_realistic_corpus

    proved = {
        (preset, kind): 0 for preset in ("tool_n1", "strict") for kind in ("correct", "wrong")
    }
    counts = {"correct": 0, "wrong": 0}
    for make in (make_corpus, make_realistic_corpus):
        completions, truths, kinds = make(3000)
        for completion, truth, kind in zip(completions, truths, kinds):
            check(completion, truth)
            if make is make_realistic_corpus and kind in ("correct", "wrong_value"):
                kind = "correct" if kind == "correct" else "wrong"
                counts[kind] += 1
                for preset in ("tool_n1", "strict"):
                    proved[preset, kind] += native(completion, truth, preset) is (kind == "correct")
    # the common cases are the fast ones
    assert proved == {(p, k): counts[k] for p, k in proved}, (proved, counts)


def test_same_verdicts_on_the_hostile_shapes() -> None:
    from hostile_shapes import SHAPES, truth_for

    for _name, build, options in SHAPES:
        if options:
            continue
        for n in (10, 1000):
            check(build(n), truth_for(options))


@pytest.mark.parametrize("unit", ["<tool_call>", "<", "<|im_start|>assistant", "[{", '"\\u00e9',
                                  "<think></think><tool_call></tool_call>"])  # fmt: skip
def test_the_core_is_linear(unit: str) -> None:
    from timing import LIMIT, growth_ratio

    texts = {n: "<think>x</think><tool_call>" + unit * n + "</tool_call>" for n in (2000, 16000)}
    gold = typed_gold(load_ground_truth("[]"))[0]

    def run(n: int) -> None:  # the texts are built beforehand: only the core is timed
        assert tool_n1_judge is not None
        tool_n1_judge(texts[n], gold)

    assert growth_ratio(run, 2000) < LIMIT


def test_the_property_suites_pass_without_the_core() -> None:
    """The hypothesis suites of ``score`` run here with the core, and again in pure Python."""
    env = {**os.environ, "TOOLREWARD_PURE_PYTHON": "1"}
    suites = [
        str(ROOT / "tests" / name) for name in ("test_properties.py", "test_presets_tool_n1.py")
    ]
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *suites]
    out = subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]


def test_the_switch_turns_it_off() -> None:
    env = {**os.environ, "TOOLREWARD_PURE_PYTHON": "1"}
    code = "import toolreward.native as n; print(n.available())"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.stdout.strip() == "False"
