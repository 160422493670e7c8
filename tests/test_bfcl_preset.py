"""Preset ``bfcl``: BFCL's AST-checker rules, one table row per rule."""

from __future__ import annotations

import pytest

from toolreward import ConfigError, ToolsError, score
from toolreward.bfcl import standardise

DOC = {
    "name": "plan.trip",
    "description": "Plan a trip.",
    "parameters": {
        "type": "dict",
        "properties": {
            "city": {"type": "string"},
            "days": {"type": "integer"},
            "budget": {"type": "float"},
            "refundable": {"type": "boolean"},
            "stops": {"type": "array", "items": {"type": "string"}},
            "prefs": {"type": "dict", "properties": {"seat": {"type": "string"}}},
            "note": {"type": "any"},
            "coords": {"type": "tuple", "items": {"type": "float"}},
        },
        "required": ["city", "days"],
    },
}
ANSWER = [
    {
        "plan.trip": {
            "city": ["New York", "NYC"],
            "days": [3],
            "budget": [1500.0, ""],
            "refundable": [True, ""],
            "stops": [["Boston", "Philadelphia"], ""],
            "prefs": [{"seat": ["window"]}, ""],
            "note": ["", "late check-in"],
            "coords": [[40.7, -74.0], ""],
        }
    }
]

# (id, model output, expected reason)
CASES = [
    ("minimal", "[plan.trip(city='New York', days=3)]", "ok"),
    ("no brackets", "plan.trip(city='NYC', days=3)", "ok"),
    ("code fence", "```\nplan.trip(city='NYC', days=3)\n```", "ok"),
    ("standardised string", "[plan.trip(city='new-york', days=3)]", "ok"),
    ("standardised punctuation", "[plan.trip(city='N.Y.C.', days=3)]", "ok"),
    ("string mismatch", "[plan.trip(city='Boston', days=3)]", "wrong_argument_value"),
    ("int rejects float", "[plan.trip(city='NYC', days=3.0)]", "wrong_argument_type"),
    ("int rejects bool", "[plan.trip(city='NYC', days=True)]", "wrong_argument_type"),
    ("int rejects string", "[plan.trip(city='NYC', days='3')]", "wrong_argument_type"),
    ("float accepts int", "[plan.trip(city='NYC', days=3, budget=1500)]", "ok"),
    ("float value", "[plan.trip(city='NYC', days=3, budget=1499.5)]", "wrong_argument_value"),
    ("bool rejects int", "[plan.trip(city='NYC', days=3, refundable=1)]", "wrong_argument_type"),
    (
        "list order matters",
        "[plan.trip(city='NYC', days=3, stops=['Philadelphia', 'Boston'])]",
        "wrong_argument_value",
    ),
    (
        "list items standardised",
        "[plan.trip(city='NYC', days=3, stops=['boston', 'PHILADELPHIA'])]",
        "ok",
    ),
    (
        # BFCL checks item types only when "" is not allowed; here it is, so the value fails.
        "list item type, optional",
        "[plan.trip(city='NYC', days=3, stops=['Boston', 2])]",
        "wrong_argument_value",
    ),
    ("dict", "[plan.trip(city='NYC', days=3, prefs={'seat': 'Window'})]", "ok"),
    (
        "dict wrong key",
        "[plan.trip(city='NYC', days=3, prefs={'row': 'window'})]",
        "wrong_argument_value",
    ),
    ("any is a string", "[plan.trip(city='NYC', days=3, note='late check in')]", "ok"),
    ("tuple as list", "[plan.trip(city='NYC', days=3, coords=(40.7, -74.0))]", "ok"),
    ("negative numbers", "[plan.trip(city='NYC', days=3, coords=[40.7, -74.0])]", "ok"),
    ("bare name is a string", "[plan.trip(city=NYC, days=3)]", "ok"),
    ("missing required", "[plan.trip(city='NYC')]", "missing_argument"),
    ("unexpected", "[plan.trip(city='NYC', days=3, pets=True)]", "extra_argument"),
    ("wrong name", "[plan.trips(city='NYC', days=3)]", "wrong_function_name"),
    (
        "two calls",
        "[plan.trip(city='NYC', days=3), plan.trip(city='NYC', days=3)]",
        "call_count_mismatch",
    ),
    ("not a call", "I would plan a trip.", "invalid_syntax"),
    ("positional", "[plan.trip('NYC', days=3)]", "positional_argument"),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bfcl_rules(text: str, expected: str) -> None:
    v = score(text, ANSWER, tools=[DOC], preset="bfcl")
    assert v.reason == expected, v.detail


def test_missing_optional_without_empty_string() -> None:
    answer = [{"plan.trip": {"city": ["NYC"], "days": [3], "budget": [1500.0]}}]
    v = score("[plan.trip(city='NYC', days=3)]", answer, tools=[DOC], preset="bfcl")
    assert v.reason == "missing_argument"
    assert v.detail.startswith("simple_function_checker:missing_optional")


def test_list_item_type_when_required() -> None:
    answer = [{"plan.trip": {"city": ["NYC"], "days": [3], "stops": [["Boston", "Philadelphia"]]}}]
    v = score(
        "[plan.trip(city='NYC', days=3, stops=['Boston', 2])]", answer, tools=[DOC], preset="bfcl"
    )
    assert v.reason == "wrong_argument_type" and v.detail.startswith("type_error:nested")


def test_variable_rule() -> None:
    # The answer holds a string where an integer is declared: a variable name.
    answer = [{"plan.trip": {"city": ["NYC"], "days": ["num_days"]}}]
    ok = score("[plan.trip(city='NYC', days='num_days')]", answer, tools=[DOC], preset="bfcl")
    assert ok.reward == 1.0
    bad = score("[plan.trip(city='NYC', days='Num_Days')]", answer, tools=[DOC], preset="bfcl")
    assert bad.reward == 0.0  # variables are compared exactly, not standardised


def test_relevance() -> None:
    for text in ("[]", "There is no suitable function.", "[plan.trip("):
        assert score(text, [], tools=[DOC], preset="bfcl").reward == 1.0
    assert score("[plan.trip(city='NYC', days=3)]", [], tools=[DOC], preset="bfcl").reward == 0.0


def test_parallel_calls_are_matched_optimally() -> None:
    answer = [
        {"plan.trip": {"city": ["NYC", "Boston"], "days": [3]}},
        {"plan.trip": {"city": ["NYC"], "days": [3]}},
    ]
    text = "[plan.trip(city='NYC', days=3), plan.trip(city='Boston', days=3)]"
    # BFCL's first-fit pairs the first answer with the NYC call and then fails; this preset does not.
    assert score(text, answer, tools=[DOC], preset="bfcl").reward == 1.0


def test_plain_ground_truth_is_read_as_one_allowed_value() -> None:
    truth = [{"name": "plan.trip", "arguments": {"city": "NYC", "days": 3}}]
    assert score("[plan.trip(city='nyc', days=3)]", truth, tools=[DOC], preset="bfcl").reward == 1.0


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"tools": None}, ToolsError),
        (
            {"tools": [{"name": "f", "parameters": {"properties": {"a": {"type": "quaternion"}}}}]},
            ToolsError,
        ),
        ({"tools": [DOC], "think": "required"}, ConfigError),
        ({"tools": [DOC], "language": "cobol"}, ConfigError),
    ],
)
def test_bad_configuration(kwargs: dict, error: type) -> None:
    with pytest.raises(error):
        score("[plan.trip(city='NYC', days=3)]", ANSWER, preset="bfcl", **kwargs)


@pytest.mark.parametrize(
    ("raw", "standard"),
    [
        ("New York, NY", "newyorkny"),
        ("a-b_c*d^e/f.g", "abcdefg"),
        ("It's", 'it"s'),
        ("tab\there", "tab\there"),
    ],
)
def test_standardise(raw: str, standard: str) -> None:
    assert standardise(raw) == standard


JAVA_DOC = {
    "name": "Repo.save",
    "parameters": {
        "type": "dict",
        "properties": {
            "id": {"type": "long"},
            "count": {"type": "integer"},
            "ratio": {"type": "float"},
            "weight": {"type": "double"},
            "active": {"type": "boolean"},
            "name": {"type": "String"},
            "tags": {"type": "ArrayList", "items": {"type": "String"}},
            "ids": {"type": "Array", "items": {"type": "long"}},
            "meta": {"type": "HashMap"},
            "ctx": {"type": "any"},
        },
        "required": ["id"],
    },
}
JAVA_ANSWER = [{"Repo.save": {
    "id": [42], "count": [3, ""], "ratio": [0.5, ""], "weight": [2.0, ""], "active": [True, ""],
    "name": ["Ann", ""], "tags": [["a", "b"], ""], "ids": [[1, 2], ""],
    "meta": [{"k": ["v"]}, ""], "ctx": ["appContext", ""],
}}]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[Repo.save(id=42L)]", "ok"),
        ('Repo.save(id=42L, count=3, ratio=0.5f, weight=2.0, active=true, name="Ann")', "ok"),
        ("[Repo.save(id=42)]", "wrong_argument_type"),  # long needs L
        ("[Repo.save(id=42L, ratio=0.5)]", "wrong_argument_type"),  # float needs f
        ("[Repo.save(id=42L, active=True)]", "wrong_argument_type"),  # boolean is lowercase
        ("[Repo.save(id=42L, count=3L)]", "wrong_argument_type"),
        ('[Repo.save(id=42L, tags=new ArrayList<>(Arrays.asList("a", "b")))]', "ok"),
        ("[Repo.save(id=42L, ids=new long[]{1L, 2L})]", "ok"),
        ("[Repo.save(id=42L, ids=new long[]{2L, 1L})]", "wrong_argument_value"),
        ('[Repo.save(id=42L, meta=new HashMap<String, String>() {{ put("k", "v"); }})]', "ok"),
        ("[Repo.save(id=42L, ctx=appContext)]", "ok"),
        ('[Repo.save(id=42L, name="Bob")]', "wrong_argument_value"),
        ("[Repo.save(42L)]", "positional_argument"),
    ],
)
def test_java_values(text: str, expected: str) -> None:
    v = score(text, JAVA_ANSWER, tools=[JAVA_DOC], preset="bfcl", language="java")
    assert v.reason == expected, v.detail


JS_DOC = {
    "name": "track",
    "parameters": {
        "type": "dict",
        "properties": {
            "big": {"type": "Bigint"},
            "rate": {"type": "float"},
            "on": {"type": "Boolean"},
            "label": {"type": "String"},
            "items": {"type": "array", "items": {"type": "String"}},
            "opts": {"type": "dict"},
        },
        "required": ["big"],
    },
}
JS_ANSWER = [{"track": {"big": [10], "rate": [3.0, ""], "on": [False, ""], "label": ["x", ""],
                        "items": [["a", "b"], ""], "opts": [{"k": [1]}, ""]}}]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[track(big=10n)]", "ok"),
        ("[track(big=10)]", "wrong_argument_type"),  # Bigint needs n
        ("[track(big=10n, rate=3)]", "ok"),  # float accepts 3
        ("[track(big=10n, on=false, label='x', items=['a', 'b'], opts={k: 1})]", "ok"),
        ("[track(big=10n, items=['b', 'a'])]", "wrong_argument_value"),
        ("[track(big=10n, on=False)]", "wrong_argument_type"),
    ],
)
def test_javascript_values(text: str, expected: str) -> None:
    v = score(text, JS_ANSWER, tools=[JS_DOC], preset="bfcl", language="javascript")
    assert v.reason == expected, v.detail


IRRELEVANCE_DOCS = [
    {"name": "f", "parameters": {"type": "dict", "properties": {"a": {"type": "integer"}}}}
]


@pytest.mark.parametrize(
    ("text", "call_made"),
    [
        # BFCL's decoder reads these as calls: irrelevance fails, relevance passes.
        ("[f(1)]", True),  # the positional argument is dropped
        ("f(1, a=2)", True),
        ("[f(**x)]", True),
        ("[f(a=1+2)]", True),  # evaluated
        ("[f(a=g(1))]", True),  # a call as a value becomes a string
        ("[f(a=1, a=2)]", True),
        ("[f()]", True),
        # ... and these as no call.
        ("[1]", False),
        ("[]", False),
        ("I cannot help with that.", False),
    ],
)
def test_relevance_follows_bfcls_decoder(text: str, call_made: bool) -> None:
    irrelevance = score(text, [], tools=IRRELEVANCE_DOCS, preset="bfcl")
    relevance = score(text, [], tools=IRRELEVANCE_DOCS, preset="bfcl", relevance=True)
    assert irrelevance.reward == (0.0 if call_made else 1.0)
    assert relevance.reward == (1.0 if call_made else 0.0)


def test_kept_decoder_differences() -> None:
    # A unary plus keeps its sign (BFCL's decoder reads +1 as -1).
    assert score("[f(a=+1)]", [{"f": {"a": [1]}}], tools=IRRELEVANCE_DOCS, preset="bfcl").reward
    # A positional argument is refused (BFCL drops it and checks the rest).
    refused = score("[f(1, a=1)]", [{"f": {"a": [1]}}], tools=IRRELEVANCE_DOCS, preset="bfcl")
    assert refused.reason == "positional_argument"
    # A lambda value counts as a call under irrelevance (BFCL cannot decode it).
    assert score("[f(a=lambda: 1)]", [], tools=IRRELEVANCE_DOCS, preset="bfcl").reward == 0.0
    # Trailing chat end tokens are stripped (BFCL fails to decode them).
    assert score("[f(a=1)]<|im_end|>", [{"f": {"a": [1]}}], tools=IRRELEVANCE_DOCS,
                 preset="bfcl").reward == 1.0  # fmt: skip
