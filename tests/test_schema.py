"""Schema stage: JSON Schema validation of calls against their tools (OpenAI and BFCL dialects)."""

from __future__ import annotations

import json

import pytest
from conftest import render

from toolreward import ToolsError, score
from toolreward.reasons import SCHEMA_REASONS
from toolreward.schema import to_json_schema

OPENAI_TOOLS = [
    {
        "type": "function",
        "function": {
            "name": "book",
            "parameters": {
                "type": "object",
                "properties": {
                    "city": {"type": "string"},
                    "nights": {"type": "integer", "minimum": 1},
                    "price": {"type": "number"},
                    "breakfast": {"type": "boolean", "default": False},
                    "room": {"type": "string", "enum": ["single", "double"]},
                    "guests": {"type": "array", "items": {"type": "string"}},
                    "prefs": {"type": "object", "properties": {"floor": {"type": "integer"}}},
                },
                "required": ["city", "nights"],
            },
        },
    }
]
BFCL_TOOLS = [
    {
        "name": "calc.area",
        "description": "Area of a shape.",
        "parameters": {
            "type": "dict",
            "properties": {
                "base": {"type": "float", "description": "base"},
                "sides": {"type": "tuple", "items": {"type": "integer"}},
                "meta": {"type": "dict", "properties": {"unit": {"type": "string"}}},
                "anything": {"type": "any"},
            },
            "required": ["base"],
        },
    }
]


def call(name: str, **arguments: object) -> dict:
    return {"name": name, "arguments": arguments}


# (id, tools, predicted calls, expected reason)
CASES = [
    ("ok", OPENAI_TOOLS, [call("book", city="Rome", nights=2)], "ok"),
    (
        "ok full",
        OPENAI_TOOLS,
        [
            call(
                "book",
                city="Rome",
                nights=2,
                price=99,
                breakfast=True,
                room="double",
                guests=["a"],
                prefs={"floor": 3},
            )
        ],
        "ok",
    ),
    ("integer accepts 2.0", OPENAI_TOOLS, [call("book", city="Rome", nights=2.0)], "ok"),
    (
        "unknown function",
        OPENAI_TOOLS,
        [call("reserve", city="Rome", nights=2)],
        "unknown_function",
    ),
    ("missing required", OPENAI_TOOLS, [call("book", city="Rome")], "missing_required_argument"),
    (
        "unexpected",
        OPENAI_TOOLS,
        [call("book", city="Rome", nights=2, pets=True)],
        "unexpected_argument",
    ),
    (
        "string for integer",
        OPENAI_TOOLS,
        [call("book", city="Rome", nights="2")],
        "argument_type_mismatch",
    ),
    (
        "bool for integer",
        OPENAI_TOOLS,
        [call("book", city="Rome", nights=True)],
        "argument_type_mismatch",
    ),
    (
        "float for integer",
        OPENAI_TOOLS,
        [call("book", city="Rome", nights=2.5)],
        "argument_type_mismatch",
    ),
    (
        "nested item type",
        OPENAI_TOOLS,
        [call("book", city="Rome", nights=2, guests=[1])],
        "argument_type_mismatch",
    ),
    (
        "nested property type",
        OPENAI_TOOLS,
        [call("book", city="Rome", nights=2, prefs={"floor": "3"})],
        "argument_type_mismatch",
    ),
    ("enum", OPENAI_TOOLS, [call("book", city="Rome", nights=2, room="suite")], "enum_violation"),
    ("minimum", OPENAI_TOOLS, [call("book", city="Rome", nights=0)], "schema_violation"),
    (
        "bfcl dict/float/tuple",
        BFCL_TOOLS,
        [call("calc.area", base=3, sides=[1, 2], meta={"unit": "m"}, anything=[1])],
        "ok",
    ),
    ("bfcl float accepts int", BFCL_TOOLS, [call("calc.area", base=3)], "ok"),
    (
        "bfcl tuple items",
        BFCL_TOOLS,
        [call("calc.area", base=3.0, sides=["1"])],
        "argument_type_mismatch",
    ),
    ("bfcl dict", BFCL_TOOLS, [call("calc.area", base=3.0, meta=[1])], "argument_type_mismatch"),
]


@pytest.mark.parametrize(
    ("tools", "pred", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_schema_check(tools: list, pred: list, expected: str) -> None:
    v = score(render(pred), pred, tools=tools)
    assert v.reason == expected, v.detail
    if expected != "ok":
        assert not v.format_ok and v.reward == 0.0
        assert expected in SCHEMA_REASONS
    # The check can be switched off; the calls then match their own ground truth.
    assert score(render(pred), pred, tools=tools, schema="off").reward == 1.0


def test_every_schema_reason_has_a_case() -> None:
    assert set(SCHEMA_REASONS) <= {c[3] for c in CASES}


def test_detail_names_the_path() -> None:
    pred = [call("book", city="Rome", nights=2, prefs={"floor": "3"})]
    assert score(render(pred), pred, tools=OPENAI_TOOLS).detail == (
        "call [0] book: arguments.prefs.floor: '3' is not of type 'integer'"
    )


def test_schema_runs_before_matching() -> None:
    pred = [call("book", city="Rome", nights="2")]
    gold = [call("book", city="Paris", nights=2)]
    assert score(render(pred), gold, tools=OPENAI_TOOLS).reason == "argument_type_mismatch"


def test_dialect_conversion() -> None:
    schema = to_json_schema(BFCL_TOOLS[0]["parameters"], "p")
    assert schema["type"] == "object" and schema["additionalProperties"] is False
    props = schema["properties"]
    assert props["base"] == {"type": "number"}
    assert props["sides"] == {"type": "array", "items": {"type": "integer"}}
    assert props["anything"] == {}
    assert "description" not in json.dumps(schema)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"type": "dict", "properties": {"a": {"type": "quaternion"}}},
            "unknown type 'quaternion'",
        ),
        (
            {"type": "object", "properties": {"a": {"type": "string", "minLength": "x"}}},
            "not a valid JSON Schema",
        ),
        ("nope", "parameters: expected an object"),
    ],
)
def test_bad_tool_schemas_raise(params: object, message: str) -> None:
    tools = [{"name": "f", "parameters": params}]
    with pytest.raises(ToolsError) as info:
        score(render([call("f", a=1)]), [call("f", a=1)], tools=tools)
    assert message in str(info.value)


def test_validators_are_compiled_once() -> None:
    from toolreward.tools import load_tools

    index = load_tools(OPENAI_TOOLS)
    assert index is not None
    assert index.validator("book") is index.validator("book")
    assert index.validator("nope") is None
