"""Ground truth: every accepted shape, the possible-answer detection rule, and errors."""

from __future__ import annotations

import json

import numpy as np
import pytest
from conftest import render

from toolreward import GroundTruthError, ToolCall, score
from toolreward.ground_truth import load_ground_truth

PRED = render([{"name": "f", "arguments": {"a": 1}}])
PLAIN = [{"name": "f", "arguments": {"a": 1}}]


@pytest.mark.parametrize(
    "truth",
    [
        PLAIN,
        json.dumps(PLAIN),
        json.dumps(json.dumps(PLAIN)),  # double-encoded, as some datasets store it
        PLAIN[0],
        [ToolCall("f", {"a": 1})],
        ToolCall("f", {"a": 1}),
        np.array(PLAIN, dtype=object),
        [{"name": "f", "arguments": {"a": np.int64(1)}}],
        [{"name": "f", "arguments": {"a": (1.0)}}],
        [{"f": {"a": [1]}}],
        [{"f": {"a": [3, 1], "b": [""]}}],
    ],
    ids=[
        "list",
        "json",
        "double-json",
        "one-object",
        "toolcalls",
        "toolcall",
        "numpy-array",
        "numpy-scalar",
        "float",
        "possible",
        "possible-optional",
    ],
)
def test_accepted_shapes(truth: object) -> None:
    v = score(PRED, truth)
    assert v.reward == 1.0, v


@pytest.mark.parametrize(
    ("truth", "message"),
    [
        ("not json", "not valid JSON"),
        ("[{'name': 'f'}]", "not valid JSON"),
        ('[{"name": "f", "arguments": {"a": NaN}}]', "not valid JSON"),
        ('[{"name": "f", "arguments": {"a": 1, "a": 2}}]', "duplicate_key"),
        (5, "expected a list"),
        (None, "expected a list"),
        ([{"name": "f"}], "ground_truth[0]: missing key(s) ['arguments']"),
        ([{"arguments": {}}], "missing key(s) ['name']"),
        ([{"name": "f", "arguments": {}, "id": 3}], "unexpected key(s) ['id']"),
        ([{"name": "", "arguments": {}}], "ground_truth[0].name"),
        ([{"name": 7, "arguments": {}}], "ground_truth[0].name"),
        ([{"name": "f", "arguments": "{}"}], "ground_truth[0].arguments: expected an object"),
        ([{"name": "f", "arguments": {"a": float("nan")}}], "ground_truth[0].arguments.a"),
        ([{"name": "f", "arguments": {"a": {1: 2}}}], "not a string"),
        ([{"name": "f", "arguments": {"a": object()}}], "is not a JSON value"),
        ([1], "expected a call object"),
        ([{"f": {"a": [1]}}, {"name": "g", "arguments": {}}], "mixes"),
    ],
)
def test_invalid_ground_truth_raises(truth: object, message: str) -> None:
    with pytest.raises(GroundTruthError, match=None) as info:
        score(PRED, truth)
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("truth", "possible"),
    [
        ([{"f": {"a": [1]}}], True),
        ([{"f": {}}], True),  # a function without arguments
        ([{"name": "f", "arguments": {}}], False),  # two keys: plain
        ([{"f": {"a": 1}}], False),  # value not a list: plain, and invalid
        ([], False),
    ],
)
def test_detection_rule(truth: list, possible: bool) -> None:
    try:
        gt = load_ground_truth(truth)
    except GroundTruthError:
        assert not possible
        return
    assert (gt.possible is not None) == possible


def test_string_ground_truth_is_cached() -> None:
    s = json.dumps([*PLAIN, {"name": "g", "arguments": {}}])
    assert load_ground_truth(s) is load_ground_truth(s)


def test_ground_truth_is_not_mutated() -> None:
    truth = [{"name": "f", "arguments": {"a": np.int64(1), "b": (1, 2)}}]
    score(PRED, truth)
    assert type(truth[0]["arguments"]["a"]) is np.int64
    assert truth[0]["arguments"]["b"] == (1, 2)


def test_bytes_from_a_parquet_binary_column() -> None:
    assert load_ground_truth(b'[{"name": "f", "arguments": {"a": 1}}]').calls == (
        ToolCall("f", {"a": 1}),
    )
    with pytest.raises(GroundTruthError, match="bytes that are not UTF-8"):
        load_ground_truth(b"\xff[]")


def test_arrow_struct_fill_is_reported_not_silent() -> None:
    """A list ground truth through a real parquet round trip gains null keys."""
    import io
    import json
    import warnings

    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    pytest.importorskip("pandas")
    from toolreward import score
    from toolreward.errors import ArrowFillWarning

    rows = [
        {"gt": [{"name": "f", "arguments": {"city": "Paris"}}], "text": ""},
        {"gt": [{"name": "f", "arguments": {"city": "Rome", "unit": "C"}}], "text": ""},
    ]
    rows[0]["text"] = json.dumps(rows[0]["gt"])
    rows[1]["text"] = json.dumps(rows[1]["gt"])
    buf = io.BytesIO()
    pq.write_table(pa.Table.from_pylist(rows), buf)
    frame = pq.read_table(io.BytesIO(buf.getvalue())).to_pandas()
    good = '<think>r</think><tool_call>[{"name": "f", "arguments": {"city": "Paris"}}]</tool_call>'
    with pytest.warns(ArrowFillWarning, match=r"null arguments \['unit'\]"):
        assert score(good, frame["gt"][0]).reason == "missing_argument"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # JSON text survives Arrow: right, and no warning
        assert score(good, frame["text"][0]).reward == 1.0
