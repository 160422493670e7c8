"""``auto``: find which format a completion uses, then read it with that format.

Detection looks at the format markers and at the first character after an
optional think block:

| seen | format |
|---|---|
| ``[TOOL_CALLS]`` | ``mistral`` |
| ``<|python_tag|>`` | ``llama3_json`` |
| ``<tool_call>`` whose content starts with ``[`` | ``tool_n1`` |
| ``<tool_call>`` otherwise | ``hermes`` |
| `` ``` `` or ``[`` then ``{`` or ``]`` | ``xlam`` (``openai`` if the items have ``"function"``) |
| ``[`` then a name | ``pythonic`` |
| ``{`` holding ``"tool_calls"``, ``"function"`` or ``"role"`` | ``openai`` |
| ``{`` otherwise | ``llama3_json`` |
| anything else | a text answer: no call |

Markers of more than one format (``<tool_call>`` and ``[TOOL_CALLS]``, say)
are ``mixed_formats``: a mixture is never silently accepted.  The ``think``
option, when not given, follows the detected format's default.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from functools import lru_cache

from .. import reasons as R
from ..options import ParseOptions
from ..tags import CLOSE_THINK, MISTRAL_CALLS, OPEN_CALL, OPEN_THINK, PYTHON_TAG
from .read import Read, fail

Reader = Callable[[str, int, int, ParseOptions], Read]

_MARKERS = {OPEN_CALL: "tagged", MISTRAL_CALLS: "mistral", PYTHON_TAG: "llama3_json"}
_AFTER_BRACKET = re.compile(r"\[\s*(.)", re.S)


def detect(text: str, start: int, end: int) -> str | None:
    """The format name, ``"mixed"`` for a mixture, or ``None`` for a text answer."""
    seen = {kind for marker, kind in _MARKERS.items() if text.find(marker, start, end) != -1}
    if len(seen) > 1:
        return "mixed"
    if seen == {"tagged"}:
        content = text.find(OPEN_CALL, start, end) + len(OPEN_CALL)
        return "tool_n1" if text[content:end].lstrip().startswith("[") else "hermes"
    if seen:
        return seen.pop()
    body_start = start
    close = text.find(CLOSE_THINK, start, end)
    if close != -1 and text.find(OPEN_THINK, start, close) != -1:
        body_start = close + len(CLOSE_THINK)
    body = text[body_start:end].lstrip()
    if body.startswith("```"):
        return "xlam"
    if body.startswith("["):
        after = _AFTER_BRACKET.match(body)
        if after is None or after.group(1) in "{]":
            return "openai" if '"function"' in body else "xlam"
        return "pythonic"
    if body.startswith("{"):
        openai_keys = ('"tool_calls"', '"function"', '"role"')
        return "openai" if any(k in body for k in openai_keys) else "llama3_json"
    return None


def auto_reader(readers: Mapping[str, Reader]) -> Reader:
    """The ``auto`` reader over the registered single-format ``readers``."""

    def read_auto(text: str, start: int, end: int, opts: ParseOptions) -> Read:
        """Detect the format of ``text[start:end]`` and read it."""
        name = detect(text, start, end)
        if name == "mixed":
            return fail(R.MIXED_FORMATS, "markers of several tool-call formats in one completion")
        if name is None:
            name = "hermes"  # no call marker: read as a text answer, think rules included
        return readers[name](text, start, end, _as_format(opts, name))

    return read_auto


@lru_cache(maxsize=64)
def _as_format(opts: ParseOptions, name: str) -> ParseOptions:
    return replace(opts, format=name)
