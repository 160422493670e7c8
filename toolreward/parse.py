"""Parse stage: ``parse(text, format=..., **options) -> Parsed``.

``parse`` first finds the assistant response (``toolreward.text``), then
hands it to the parser registered for ``format`` (``toolreward.formats``).

>>> parse('<think>ok</think><tool_call>[]</tool_call>').calls
[]
>>> parse('<tool_call>[]</tool_call>').error
'missing_think'
>>> parse('<tool_call>[]</tool_call>', think="optional").calls
[]
"""

from __future__ import annotations

from typing import Any

from .formats import FORMAT_READERS, OBJECT_FORMATS, Read, read_openai_value
from .formats.auto import detect
from .formats.raw_values import RAW_VALUE_FORMATS, type_arguments
from .formats.read import fail
from .options import ParseOptions, parse_options
from .results import Parsed, json_safe
from .text import as_text, locate_response
from .tools import load_tools


def parse(text: str, *, format: str = "tool_n1", tools: Any = None, **options: Any) -> Parsed:
    """Read the tool calls in ``text``.

    Never raises on any string: a malformed completion gives a ``Parsed``
    whose ``error`` is a reason code.  Unknown options raise ``ConfigError``;
    a non-string ``text`` raises ``TypeError``.  ``tools`` (OpenAI function
    specs) types the raw-text values of ``qwen3_xml`` and ``glm`` through
    each tool's schema; without it they are strings.
    """
    parsed = parse_with(text, parse_options({"format": format, **options}))
    if tools is None or not parsed.calls:
        return parsed
    name = format if format != "auto" or not isinstance(text, str) else detect(text, 0, len(text))
    if name not in RAW_VALUE_FORMATS:
        return parsed
    return parsed._replace(calls=type_arguments(parsed.calls, load_tools(tools)))


def parse_with(text: str, opts: ParseOptions) -> Parsed:
    """``parse`` with an already-built ``ParseOptions``."""
    if type(text) is not str:
        if not isinstance(text, str):  # a decoded message or tool-call list
            error, detail, calls, _, _, _ = read_object(text, opts)
            detail = json_safe(detail)
            think_text = text.get("reasoning_content") if isinstance(text, dict) else None
            return Parsed(think_text if error is None else None, calls, error, detail, {})
        text = as_text(text)  # a str subclass reads like any string, spans included
    start, end, stray = locate_response(text, opts.includes_prompt)
    if stray is not None:
        return Parsed(None, None, stray[0], json_safe(stray[1]), {"response": (start, end)})
    error, detail, calls, _, think, payload = FORMAT_READERS[opts.format](text, start, end, opts)
    spans = {"response": (start, end)}
    if think is not None:
        spans["think"] = think
    if payload is not None:
        spans["payload"] = payload
    think_text = text[think[0] : think[1]] if think is not None else None
    return Parsed(think_text, calls, error, json_safe(detail), spans)


def read_object(value: Any, opts: ParseOptions) -> Read:
    """Read a completion that is not a string: a ``str`` subclass, or (for the
    ``openai`` and ``auto`` formats) a decoded message dict or tool-call list."""
    if opts.format in OBJECT_FORMATS and isinstance(value, (dict, list)):
        return read_openai_value(value, opts)
    text = as_text(value)
    start, end, stray = locate_response(text, opts.includes_prompt)
    if stray is not None:
        return fail(*stray)
    return FORMAT_READERS[opts.format](text, start, end, opts)
