"""Coverage-guided fuzzing of ``parse`` and ``score`` over every format and preset.

Run (atheris is not a dependency; ``pip install atheris`` first)::

    mkdir -p /tmp/fuzzcorpus
    python benchmarks/fuzz/fuzz_reward.py -dict=benchmarks/fuzz/tags.dict \
        -max_total_time=2100 -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 /tmp/fuzzcorpus

Each input picks a format, a preset, a think mode, a ground truth and a tool
list from its first bytes; the rest is the completion, decoded with surrogates
allowed (and, for one input in four, with control bytes turned into raw lone
surrogates and zero-width spaces).  The harness fails (and libFuzzer saves
the input) when ``parse`` or ``score`` raises, when a verdict is not one of
the documented shapes, or when its detail line cannot be written as UTF-8
JSON.
"""

from __future__ import annotations

import json
import sys

import atheris

with atheris.instrument_imports():
    from toolreward import REASONS, parse, score
    from toolreward.options import FORMATS

PRESET_OPTIONS = [
    ("strict", {}),
    ("strict", {"think": "optional"}),
    ("strict", {"think": "forbidden", "allow_surrounding_text": True}),
    ("strict", {"think_prefilled": True, "allow_empty_think": True}),
    ("strict", {"allow_string_arguments": True, "allow_parameters_key": True}),
    ("strict", {"includes_prompt": True}),
    ("tool_n1", {}),
    ("bfcl", {}),
    ("bfcl", {"language": "java"}),
    ("bfcl", {"language": "javascript"}),
]
TRUTHS = [
    "[]",
    '[{"name": "get_weather", "arguments": {"city": "Paris", "days": 2}}]',
    '[{"name": "f", "arguments": {"a": [1, {"b": null}], "s": "x"}}, '
    '{"name": "g", "arguments": {}}]',
    '[{"get_weather": {"city": ["Paris", "paris"], "days": [2, ""]}}]',
]
TOOLS = [
    None,
    [
        {
            "name": "get_weather",
            "parameters": {
                "type": "object",
                "properties": {
                    "city": {"type": "string"},
                    "days": {"type": "integer"},
                    "tags": {"type": "array", "uniqueItems": True},
                },
                "required": ["city"],
            },
        }
    ],
]

BFCL_DOCS = [
    {
        "name": "get_weather",
        "parameters": {
            "type": "dict",
            "properties": {
                "city": {"type": "string"},
                "days": {"type": "integer"},
                "scale": {"type": "float"},
                "opts": {"type": "dict", "properties": {"unit": {"type": "string"}}},
                "ids": {"type": "array", "items": {"type": "integer"}},
            },
            "required": ["city"],
        },
    }
]


def one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    fmt = FORMATS[fdp.ConsumeIntInRange(0, len(FORMATS) - 1)]
    preset, options = PRESET_OPTIONS[fdp.ConsumeIntInRange(0, len(PRESET_OPTIONS) - 1)]
    truth = TRUTHS[fdp.ConsumeIntInRange(0, len(TRUTHS) - 1)]
    tools = TOOLS[fdp.ConsumeIntInRange(0, len(TOOLS) - 1)]
    hostile = fdp.ConsumeIntInRange(0, 3)
    text = fdp.ConsumeUnicode(fdp.remaining_bytes())
    if hostile == 1 and text:  # raw lone surrogates and invisible characters
        text = text.replace("\x01", "\ud800").replace("\x02", "\u200b").replace("\x03", "\udfff")

    parsed = parse(text, format=fmt, **options)
    assert parsed.error is None or parsed.error in REASONS, parsed.error
    parsed.detail.encode("utf-8")

    if preset == "tool_n1":
        options = {}
    elif preset == "strict":
        options = {**options, "format": fmt}
    if preset == "bfcl":
        tools = BFCL_DOCS
        if truth.startswith('[{"name"'):
            truth = '[{"get_weather": {"city": ["Paris"]}}]'
    if preset != "bfcl" and 'get_weather": {' in truth:
        truth = "[]"
    verdict = score(text, truth, tools=tools, preset=preset, **options)
    assert verdict.reward in (0.0, 1.0), verdict
    assert verdict.reason in REASONS, verdict.reason
    assert (verdict.reward == 1.0) == (verdict.reason == "ok"), verdict
    json.dumps(verdict._asdict(), ensure_ascii=False).encode("utf-8")


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
