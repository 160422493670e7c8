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

from .formats import FORMAT_READERS
from .options import ParseOptions, parse_options
from .results import Parsed
from .text import response_bounds


def parse(text: str, *, format: str = "tool_n1", **options: Any) -> Parsed:
    """Read the tool calls in ``text``.

    Never raises on any string: a malformed completion gives a ``Parsed``
    whose ``error`` is a reason code.  Unknown options raise ``ConfigError``;
    a non-string ``text`` raises ``TypeError``.
    """
    return parse_with(text, parse_options({"format": format, **options}))


def parse_with(text: str, opts: ParseOptions) -> Parsed:
    """``parse`` with an already-built ``ParseOptions``."""
    if type(text) is not str:
        if not isinstance(text, str):
            raise TypeError(f"completion must be a str, got {type(text).__name__}")
        text = str(text)
    start, end = response_bounds(text)
    error, detail, calls, _, think, payload = FORMAT_READERS[opts.format](text, start, end, opts)
    spans = {"response": (start, end)}
    if think is not None:
        spans["think"] = think
    if payload is not None:
        spans["payload"] = payload
    return Parsed(
        text[think[0] : think[1]] if think is not None else None, calls, error, detail, spans
    )
