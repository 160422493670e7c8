"""Hostile completions, each built at a chosen length: shared by the timing
tests (``tests/test_adversarial.py``) and ``benchmarks/bench_hostile.py``.

Each shape is ``(name, build, options)``: ``build(n)`` returns a completion
of about ``n`` characters, ``options`` are the keywords of ``score``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

GT = '[{"name": "f", "arguments": {"s": "a"}}]'
UNIQUE_TOOLS = [
    {
        "name": "f",
        "parameters": {
            "type": "object",
            "properties": {"s": {"type": "array", "uniqueItems": True}},
        },
    }
]
BFCL_DOCS = [
    {
        "name": "f",
        "parameters": {
            "type": "dict",
            "properties": {"s": {"type": "float"}, "i": {"type": "integer"}},
            "required": [],
        },
    }
]


STRING_TOOLS = [
    {"name": "f", "parameters": {"type": "object", "properties": {"s": {"type": "string"}}}}
]
DS_CALLS, DS_CALL, DS_SEP, DS_CALL_END = (
    "<\uff5ctool\u2581calls\u2581begin\uff5c>",
    "<\uff5ctool\u2581call\u2581begin\uff5c>",
    "<\uff5ctool\u2581sep\uff5c>",
    "<\uff5ctool\u2581call\u2581end\uff5c>",
)
DSML_OPEN = "<\uff5cDSML\uff5cfunction_calls>"
DSML_INVOKE = '<\uff5cDSML\uff5cinvoke name="f">'
DSML_PARAM = '<\uff5cDSML\uff5cparameter name="s" string="true">'
DSML_PARAM_END = "</\uff5cDSML\uff5cparameter>"


def rep(unit: str, n: int) -> str:
    """``unit`` repeated to about ``n`` characters."""
    return unit * max(1, n // len(unit))


def _tool_n1(payload: str) -> str:
    return f"<think>x</think><tool_call>{payload}</tool_call>"


Shape = tuple[str, Callable[[int], str], dict[str, Any]]

SHAPES: list[Shape] = [
    ("unclosed tool_call tags", lambda n: "<think>x</think>" + rep("<tool_call>", n), {}),
    ("unclosed think tags", lambda n: rep("<think>", n), {}),
    ("closing tags only", lambda n: rep("</tool_call>", n), {}),
    ("alternating blocks", lambda n: rep("<think></think><tool_call></tool_call>", n), {}),
    ("nested brackets", lambda n: _tool_n1("[" * (n // 2) + "]" * (n // 2)), {}),
    ("unbalanced brackets", lambda n: _tool_n1(rep("[{", n)), {}),
    ("end tokens", lambda n: "x" + rep("<|im_end|> ", n), {}),
    ("pad tokens", lambda n: _tool_n1("[]") + rep("<pad>", n), {}),
    ("assistant markers", lambda n: rep("<|im_start|>assistant", n), {}),
    ("assistant markers with prompt", lambda n: rep("<|im_start|>assistant", n), {"includes_prompt": True}),
    ("marker prefixes", lambda n: rep("<|", n) + _tool_n1("[]"), {}),
    ("long string argument", lambda n: _tool_n1(json.dumps([{"name": "f", "arguments": {"s": "a" * n}}])), {}),
    ("many calls", lambda n: _tool_n1("[" + ",".join(['{"name":"f","arguments":{"s":"a"}}'] * (n // 34)) + "]"), {}),
    ("whitespace", lambda n: "<think>x</think>" + " " * (n // 2) + "<tool_call>[]</tool_call>" + "\n" * (n // 2), {}),
    ("escapes", lambda n: _tool_n1('["' + rep("\\u0041", n) + '"]'), {}),
    ("lone surrogates", lambda n: _tool_n1('["' + rep("\\ud800", n) + '"]'), {}),
    ("huge integer", lambda n: _tool_n1('[{"name": "f", "arguments": {"s": ' + "9" * n + "}}]"), {}),
    ("invisible think", lambda n: "<think>" + rep("\u200b\u2800\u3164", n) + "</think><tool_call>[]</tool_call>", {}),
    ("special-token think", lambda n: "<think>" + rep("<|x|>", n) + "</think><tool_call>[]</tool_call>", {}),
    ("partial tokens in think", lambda n: "<think>" + rep("<|xx", n) + "</think><tool_call>[]</tool_call>", {}),
    ("unique items", lambda n: _tool_n1(json.dumps([{"name": "f", "arguments": {"s": [{"k": i} for i in range(n // 10)]}}])), {"tools": UNIQUE_TOOLS}),
    ("hermes blocks", lambda n: rep("<tool_call>{", n), {"format": "hermes"}),
    ("hermes blank answer", lambda n: rep("\u200b \n", n), {"format": "hermes"}),
    ("mistral markers", lambda n: rep("[TOOL_CALLS]", n), {"format": "mistral"}),
    ("python tags", lambda n: rep("<|python_tag|>{", n), {"format": "llama3_json"}),
    ("llama objects", lambda n: rep('{"name":"f","parameters":{}};', n), {"format": "llama3_json"}),
    ("llama objects, end token", lambda n: rep('{"name":"f","parameters":{}};', n) + "<|eot_id|>", {"format": "llama3_json"}),
    ("pythonic nesting", lambda n: "[f(a=" + "[" * n, {"format": "pythonic"}),
    ("pythonic calls", lambda n: "[" + rep("f(a=1),", n) + "]", {"format": "pythonic"}),
    ("pythonic comments", lambda n: "[" + rep("f(a=1), # x\n", n) + "]", {"format": "pythonic"}),
    ("fences", lambda n: rep("```json\n", n), {"format": "xlam"}),
    ("deep json list", lambda n: "[" * n, {"format": "openai"}),
    ("auto objects", lambda n: rep('{"role": "x", ', n), {"format": "auto"}),
    ("auto think", lambda n: "<think>" + rep("</think>", n), {"format": "auto"}),
    ("qwen3 open blocks", lambda n: rep("<tool_call><function=f>", n), {"format": "qwen3_xml"}),
    ("qwen3 closes in a value", lambda n: "<tool_call><function=f><parameter=s>" + rep("</parameter>x", n), {"format": "qwen3_xml"}),
    ("qwen3 many calls", lambda n: rep("<tool_call>\n<function=f>\n<parameter=s>\na\n</parameter>\n</function>\n</tool_call>", n), {"format": "qwen3_xml", "tools": STRING_TOOLS}),
    ("glm open blocks", lambda n: rep("<tool_call>f", n), {"format": "glm"}),
    ("glm empty blocks", lambda n: rep("<tool_call>f</tool_call>", n), {"format": "glm"}),
    ("glm closes in a value", lambda n: "<tool_call>f<arg_key>s</arg_key><arg_value>" + rep("</arg_value> ", n), {"format": "glm"}),
    ("kimi calls", lambda n: "<|tool_calls_section_begin|>" + rep('<|tool_call_begin|>functions.f:0<|tool_call_argument_begin|>{"s": "a"}<|tool_call_end|>', n), {"format": "kimi"}),
    ("kimi ids", lambda n: "<|tool_calls_section_begin|><|tool_call_begin|>" + rep("functions.f", n), {"format": "kimi"}),
    ("deepseek calls", lambda n: DS_CALLS + rep(DS_CALL + "f" + DS_SEP + "{}" + DS_CALL_END, n), {"format": "deepseek"}),
    ("deepseek fences", lambda n: DS_CALLS + DS_CALL + "function" + DS_SEP + "f" + rep("``", n), {"format": "deepseek"}),
    ("dsml invokes", lambda n: DSML_OPEN + rep(DSML_INVOKE, n), {"format": "deepseek"}),
    ("dsml closes in a value", lambda n: DSML_OPEN + DSML_INVOKE + DSML_PARAM + rep(DSML_PARAM_END + "x", n), {"format": "deepseek"}),
    ("harmony messages", lambda n: rep("<|start|>assistant<|channel|>analysis<|message|>x<|end|>", n), {"format": "gpt_oss"}),
    ("harmony headers", lambda n: "<|channel|>commentary" + rep(" to=functions.f", n), {"format": "gpt_oss"}),
    ("harmony unended", lambda n: rep("<|channel|>final<|message|>", n), {"format": "gpt_oss"}),
    ("kimi k3 calls", lambda n: "<|open|>tools<|sep|>" + rep('<|open|>call tool="f"<|sep|><|close|>call<|sep|>', n), {"format": "kimi"}),
    ("kimi k3 closes in a value", lambda n: '<|open|>tools<|sep|><|open|>call tool="f"<|sep|><|open|>argument key="s"<|sep|>' + rep("<|close|>argument<|sep|>x", n), {"format": "kimi"}),
    ("kimi k3 separators", lambda n: rep("<|sep|>", n), {"format": "kimi"}),
    ("gemma nesting", lambda n: "<|tool_call>call:f{a:" + rep("[", n), {"format": "gemma4"}),
    ("gemma strings", lambda n: "<|tool_call>call:f{" + rep('a:<|"|>x<|"|>,', n), {"format": "gemma4"}),
    ("gemma calls", lambda n: rep("<|tool_call>call:f{}<tool_call|>", n), {"format": "gemma4"}),
    ("bfcl float digits", lambda n: "f(s=" + "9" * n + ")", {"preset": "bfcl", "tools": BFCL_DOCS}),
    ("bfcl java digits", lambda n: "f(i=" + "9" * n + ")", {"preset": "bfcl", "tools": BFCL_DOCS, "language": "java"}),
    ("bfcl think", lambda n: "<think>" + rep("r", n) + "</think>f(s=1.0)", {"preset": "bfcl", "tools": BFCL_DOCS}),
]  # fmt: skip


def truth_for(options: dict[str, Any]) -> Any:
    """The ground truth a shape is scored against."""
    if options.get("preset") == "bfcl":
        return [{"f": {"s": [1.0]}}]
    return GT
