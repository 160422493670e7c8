"""Write the example files: realistic records, and where each comes from.

* ``examples/reasons_tour.jsonl``: every reason code, other formats through
  per-record options, possible answers and three bad records (exit code 1);
* ``examples/tool_n1_preds.jsonl``: the records every preset reads (the
  Tool-N1 format, exact calls, no bad record): the README's first command.

Run: ``python examples/build_tool_n1_example.py``.  Both files are committed.
"""

from __future__ import annotations

import json
from pathlib import Path

WEATHER = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Current weather for a city.",
        "parameters": {
            "type": "object",
            "properties": {
                "city": {"type": "string"},
                "unit": {"type": "string", "enum": ["celsius", "fahrenheit"], "default": "celsius"},
            },
            "required": ["city"],
        },
    },
}
FLIGHTS = {
    "type": "function",
    "function": {
        "name": "search_flights",
        "description": "Search flights.",
        "parameters": {
            "type": "object",
            "properties": {
                "origin": {"type": "string"},
                "destination": {"type": "string"},
                "date": {"type": "string"},
                "passengers": {"type": "integer", "minimum": 1},
                "filters": {"type": "object"},
            },
            "required": ["origin", "destination", "date"],
        },
    },
}
TOOLS = [WEATHER, FLIGHTS]

W_PARIS = {"name": "get_weather", "arguments": {"city": "Paris"}}
W_TOKYO = {"name": "get_weather", "arguments": {"city": "Tokyo", "unit": "fahrenheit"}}
FLIGHT = {
    "name": "search_flights",
    "arguments": {
        "origin": "SFO",
        "destination": "JFK",
        "date": "2025-03-14",
        "passengers": 2,
        "filters": {"max_stops": 1, "cabin": "economy", "airlines": ["UA", "DL"]},
    },
}


def block(calls: object, think: str = "The user asks for this; I will call the tool.") -> str:
    return f"<think>{think}</think>\n<tool_call>{json.dumps(calls)}</tool_call>"


def records() -> list[dict[str, object]]:
    r: list[dict[str, object]] = []

    def add(completion: object, truth: object, note: str, **extra: object) -> None:
        rec = {
            "id": f"ex{len(r) + 1:03d}",
            "note": note,
            "completion": completion,
            "ground_truth": truth,
            "tools": TOOLS,
        }
        rec.update(extra)
        r.append(rec)

    gt1 = json.dumps([W_PARIS])
    gt2 = json.dumps([W_PARIS, W_TOKYO])
    gtf = json.dumps([FLIGHT])
    # --- ok ------------------------------------------------------------------
    add(block([W_PARIS]), gt1, "ok: one call")
    add(block([W_TOKYO, W_PARIS]), gt2, "ok: calls in another order")
    add(block(W_PARIS), gt1, "ok: a bare object is one call")
    flight_reordered = {
        "name": "search_flights",
        "arguments": dict(reversed(list(FLIGHT["arguments"].items()))),
    }
    add(block([flight_reordered]), gtf, "ok: keys in another order")
    f2 = json.loads(json.dumps(FLIGHT))
    f2["arguments"]["passengers"] = 2.0
    add(block([f2]), gtf, "ok: 2.0 equals 2 under strict")
    add(
        block({"name": "get_weather", "arguments": {"city": "Paris", "unit": "celsius"}}),
        gt1,
        "ok: the declared default may be spelled out",
    )
    add(
        "<|im_start|>system\nYou call tools.<|im_end|>\n<|im_start|>user\nWeather in Paris?<|im_end|>\n"
        "<|im_start|>assistant\n" + block([W_PARIS]) + "<|im_end|><|endoftext|><|endoftext|>",
        gt1,
        "ok: prompt plus response (includes_prompt); the text after the last assistant marker",
        options={"includes_prompt": True},
    )
    add(block([]), "[]", "ok: no call expected, none made")
    add(
        block([W_PARIS], think="Paris.\n\nUse <b>get_weather</b>."),
        gt1,
        "ok: other markup in the reasoning",
    )
    # --- format failures -----------------------------------------------------
    add(f"<tool_call>{json.dumps([W_PARIS])}</tool_call>", gt1, "missing_think")
    add("<think>I should call the weather tool", gt1, "unclosed_think")
    add(f"<think>   </think><tool_call>{json.dumps([W_PARIS])}</tool_call>", gt1, "empty_think")
    add(
        f"<think>a <think>b</think><tool_call>{json.dumps([W_PARIS])}</tool_call>",
        gt1,
        "nested_think",
    )
    add(
        f"<think>maybe <tool_call>{json.dumps([W_PARIS])}</tool_call></think><tool_call>[]</tool_call>",
        gt1,
        "tool_call_in_think",
    )
    add(
        f"<think>a</think><think>b</think><tool_call>{json.dumps([W_PARIS])}</tool_call>",
        gt1,
        "multiple_think_blocks",
    )
    add(
        f"<think>a</think><tool_call>{json.dumps([W_PARIS])}</tool_call><think>b</think>",
        gt1,
        "think_after_tool_call",
    )
    add(f"<think>a</think></think><tool_call>{json.dumps([W_PARIS])}</tool_call>", gt1, "stray_tag")
    add(
        "<think>I know the answer: it is sunny.</think>\nIt is sunny in Paris.",
        gt1,
        "missing_tool_call",
    )
    add(f"<think>a</think><tool_call>{json.dumps([W_PARIS])}", gt1, "unclosed_tool_call")
    add(
        f"<think>a</think><tool_call>{json.dumps([W_PARIS])}</tool_call><tool_call>[]</tool_call>",
        gt1,
        "multiple_tool_call_blocks",
    )
    add(
        f"Sure! <think>a</think><tool_call>{json.dumps([W_PARIS])}</tool_call>", gt1, "leading_text"
    )
    add(
        f"<think>a</think>Calling now.<tool_call>{json.dumps([W_PARIS])}</tool_call>",
        gt1,
        "text_between_blocks",
    )
    add(
        f"<think>a</think><tool_call>{json.dumps([W_PARIS])}</tool_call> Done!",
        gt1,
        "trailing_text",
    )
    add(
        "<think>a</think><tool_call>[{'name': 'get_weather', 'arguments': {'city': 'Paris'}}]</tool_call>",
        gt1,
        "invalid_json: Python quotes",
    )
    add(
        '<think>a</think><tool_call>[{"name": "get_weather", "arguments": {"city": "Paris"},}]</tool_call>',
        gt1,
        "invalid_json: trailing comma",
    )
    add(
        '<think>a</think><tool_call>[{"name": "get_weather", "arguments": {"city": NaN}}]</tool_call>',
        gt1,
        "invalid_json: NaN",
    )
    add(
        '<think>a</think><tool_call>[{"name": "get_weather", "arguments": {"city": "Paris"',
        gt1,
        "unclosed_tool_call: truncated generation",
    )
    add(
        '<think>a</think><tool_call>[{"name": "get_weather", "arguments": {"city": "Rome", "city": "Paris"}}]'
        "</tool_call>",
        gt1,
        "duplicate_key",
    )
    add('<think>a</think><tool_call>"get_weather"</tool_call>', gt1, "payload_not_list")
    add('<think>a</think><tool_call>["get_weather"]</tool_call>', gt1, "call_not_object")
    add(
        block([{"name": "get_weather", "parameters": {"city": "Paris"}}]),
        gt1,
        "bad_call_keys: parameters",
    )
    add(
        block([{"name": "get_weather", "arguments": {"city": "Paris"}, "id": "call_1"}]),
        gt1,
        "bad_call_keys: extra id",
    )
    add(block([{"name": "", "arguments": {"city": "Paris"}}]), gt1, "bad_name")
    add(
        block([{"name": "get_weather", "arguments": '{"city": "Paris"}'}]),
        gt1,
        "arguments_not_object: a JSON string",
    )
    # --- relaxations ---------------------------------------------------------
    add(
        block([{"name": "get_weather", "arguments": '{"city": "Paris"}'}]),
        gt1,
        "ok: allow_string_arguments (arguments_not_object otherwise)",
        options={"allow_string_arguments": True},
    )
    add(
        "The user wants Paris weather.</think>\n<tool_call>"
        + json.dumps([W_PARIS])
        + "</tool_call>",
        gt1,
        "ok: think_prefilled (missing_think otherwise)",
        options={"think_prefilled": True},
    )
    add(block([W_PARIS]), gt1, "think_forbidden", options={"think": "forbidden"})
    add(
        f"<tool_call>{json.dumps([W_PARIS])}</tool_call>",
        gt1,
        "ok: think optional",
        options={"think": "optional"},
    )
    # --- functional failures -------------------------------------------------
    add(block([W_PARIS, W_PARIS]), gt1, "call_count_mismatch: a duplicated call")
    add(block([W_PARIS]), gt2, "call_count_mismatch: a dropped call")
    add(block([W_PARIS]), "[]", "call_count_mismatch: no call was expected")
    add(block([]), gt1, "call_count_mismatch: a call was expected")
    add(block([FLIGHT]), gt1, "wrong_function_name: a real tool, not the expected one")
    no_passengers = json.loads(json.dumps(FLIGHT))
    del no_passengers["arguments"]["passengers"]
    add(
        block([no_passengers]),
        gtf,
        "missing_argument: optional in the schema, present in the answer",
    )
    add(
        block([{"name": "get_weather", "arguments": {"city": "Paris", "country": "FR"}}]),
        gt1,
        "extra_argument (schema check off; with it: unexpected_argument)",
        options={"schema": "off"},
    )
    add(
        block([{"name": "get_weather", "arguments": {"city": "Paris", "unit": "fahrenheit"}}]),
        gt1,
        "wrong_argument_value: differs from the default",
    )
    add(
        block([{"name": "get_weather", "arguments": {"city": "paris"}}]),
        gt1,
        "wrong_argument_value: case matters",
    )
    f3 = json.loads(json.dumps(FLIGHT))
    f3["arguments"]["passengers"] = "2"
    add(
        block([f3]),
        gtf,
        "wrong_argument_type: string for integer (schema check off)",
        options={"schema": "off"},
    )
    f4 = json.loads(json.dumps(FLIGHT))
    f4["arguments"]["filters"]["airlines"] = ["DL", "UA"]
    add(block([f4]), gtf, "wrong_argument_value: list order matters")
    f5 = json.loads(json.dumps(FLIGHT))
    f5["arguments"]["filters"]["max_stops"] = True
    add(block([f5]), gtf, "wrong_argument_type: a bool is never a number")
    f6 = json.loads(json.dumps(FLIGHT))
    f6["arguments"]["filters"]["cabin"] = None
    add(block([f6]), gtf, "wrong_argument_type: null")
    add(
        block([W_PARIS, {"name": "get_weather", "arguments": {"city": "Tokyo"}}]),
        gt2,
        "wrong_argument_value: Tokyo needs fahrenheit",
    )
    # --- schema check (tools given; on by default) ---------------------------
    add(block([{"name": "get_forecast", "arguments": {"city": "Paris"}}]), gt1, "unknown_function")
    add(
        block([{"name": "get_weather", "arguments": {"unit": "celsius"}}]),
        gt1,
        "missing_required_argument",
    )
    add(
        block([{"name": "get_weather", "arguments": {"city": "Paris", "country": "FR"}}]),
        gt1,
        "unexpected_argument",
    )
    add(block([f3]), gtf, "argument_type_mismatch: passengers is an integer")
    add(
        block([{"name": "get_weather", "arguments": {"city": "Paris", "unit": "kelvin"}}]),
        gt1,
        "enum_violation",
    )
    add(
        block([{"name": "search_flights", "arguments": {**FLIGHT["arguments"], "passengers": 0}}]),
        gtf,
        "schema_violation: passengers must be at least 1",
    )
    # --- possible-answer ground truth ----------------------------------------
    pa = [{"get_weather": {"city": ["Paris", "Paris, France"], "unit": ["", "celsius"]}}]
    add(
        block([{"name": "get_weather", "arguments": {"city": "Paris, France"}}]),
        pa,
        "ok: any allowed value; '' means the argument may be omitted",
    )
    add(
        block([{"name": "get_weather", "arguments": {"city": "Lyon"}}]),
        pa,
        "wrong_argument_value: not among the allowed values",
    )
    # --- other formats (the options of a record override the command line) ----
    add('[get_weather(city="Paris")]', gt1, "ok: pythonic format", options={"format": "pythonic"})
    add(
        "[get_weather(city='Paris'", gt1, "invalid_syntax: pythonic", options={"format": "pythonic"}
    )
    add('[get_weather("Paris")]', gt1, "positional_argument", options={"format": "pythonic"})
    add("[get_weather(city=Paris)]", gt1, "bare_identifier", options={"format": "pythonic"})
    add(
        '[get_weather(city="Par" + "is")]', gt1, "unsupported_value", options={"format": "pythonic"}
    )
    add(
        '<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris"}}\n</tool_call>',
        gt1,
        "ok: hermes format",
        options={"format": "hermes"},
    )
    add(
        "<think>No tool can tell jokes.</think>\nI cannot help with that using these tools.",
        [],
        "ok: hermes text answer on an irrelevance sample",
        options={"format": "hermes"},
    )
    add(
        "<think>No tool can tell jokes.</think>\n\u200b\u2800",
        [],
        "empty_response: no call and nothing visible",
        options={"format": "hermes"},
    )
    add(
        "<think>a</think><|im_start|>assistant\n" + block([W_PARIS]),
        gt1,
        "stray_tag: a chat marker inside the response",
    )
    add(
        '[TOOL_CALLS][{"name": "get_weather", "arguments": {"city": "Paris"}}]<tool_call>[]</tool_call>',
        gt1,
        "mixed_formats",
        options={"format": "auto"},
    )
    # --- bad records -----------------------------------------------------------
    r.append(
        {"id": "ex-bad-1", "note": "bad_record: no ground_truth", "completion": block([W_PARIS])}
    )
    r.append(
        {
            "id": "ex-bad-2",
            "note": "bad_record: malformed ground truth",
            "completion": block([W_PARIS]),
            "ground_truth": [{"name": "get_weather"}],
        }
    )
    return r


def is_plain(rec: dict[str, object]) -> bool:
    """A record every preset reads: tool_n1 format, exact calls, valid as a record."""
    truth = rec.get("ground_truth")
    if "options" in rec or truth is None or not str(rec["id"]).startswith("ex0"):
        return False
    calls = json.loads(truth) if isinstance(truth, str) else truth
    return isinstance(calls, list) and all(isinstance(c, dict) and "name" in c for c in calls)


def main() -> None:
    here = Path(__file__).parent
    recs = records()
    tour = [json.dumps(rec) for rec in recs]
    tour.insert(len(tour) - 1, '{"id": "ex-bad-3", "completion": "truncated line')
    (here / "reasons_tour.jsonl").write_text("\n".join(tour) + "\n", encoding="utf-8")
    plain = [json.dumps(rec) for rec in recs if is_plain(rec)]
    (here / "tool_n1_preds.jsonl").write_text("\n".join(plain) + "\n", encoding="utf-8")
    print(f"wrote {len(tour)} lines to reasons_tour.jsonl, {len(plain)} to tool_n1_preds.jsonl")


if __name__ == "__main__":
    main()
