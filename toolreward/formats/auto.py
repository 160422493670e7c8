"""``auto``: find which format a completion uses, then read it with that format.

Detection looks at the format markers, then at the first character after a
think block that leads the text, and at the TOP-LEVEL keys of a JSON payload
(never at substrings, so an argument named ``role`` or ``function`` cannot
change the format).  The OpenAI message keys are ``tool_calls``, ``role``,
``content``, ``function`` and ``reasoning_content``.

| seen | format |
|---|---|
| ``[TOOL_CALLS]`` | ``mistral`` |
| ``<|python_tag|>`` | ``llama3_json`` |
| ``<tool_call>`` whose content starts with ``[`` | ``tool_n1`` |
| ``<tool_call>`` then ``<function=`` | ``qwen3_xml`` |
| ``<tool_call>`` then ``{`` (or nothing) | ``hermes`` |
| ``<tool_call>`` then a name | ``glm`` |
| ``<|tool_calls_section_begin|>`` or ``<|open|>tools<|sep|>`` | ``kimi`` |
| DeepSeek's ``tool calls begin`` token or a DSML block | ``deepseek`` |
| ``<|channel|>`` (Harmony) | ``gpt_oss`` |
| ``<|tool_call>`` | ``gemma4`` |
| `` ``` `` or ``[`` then ``{`` or ``]`` | ``xlam`` (``openai`` if item 0 has ``"function"``) |
| ``[`` then a name, or ``<|python_start|>`` (Llama 4) | ``pythonic`` |
| ``{`` with an OpenAI message key and no ``"name"`` | ``openai`` |
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
from typing import Any

from .. import reasons as R
from ..jsonio import decode_strict, raw_decode_strict
from ..options import ParseOptions
from ..tags import (
    CLOSE_THINK,
    DS_CALLS,
    DSML,
    DSML_BLOCKS,
    GEMMA_CALL,
    HARMONY_CHANNEL,
    K3_OPEN,
    K3_SEP,
    KIMI_SECTION,
    MISTRAL_CALLS,
    OPEN_CALL,
    OPEN_THINK,
    PYTHON_START,
    PYTHON_TAG,
    QWEN_FUNCTION,
)
from .read import Read, fail

Reader = Callable[[str, int, int, ParseOptions], Read]

_MARKERS = {
    OPEN_CALL: "tagged",
    MISTRAL_CALLS: "mistral",
    PYTHON_TAG: "llama3_json",
    KIMI_SECTION: "kimi",
    f"{K3_OPEN}tools{K3_SEP}": "kimi",
    HARMONY_CHANNEL: "gpt_oss",
    GEMMA_CALL: "gemma4",
    DS_CALLS: "deepseek",
    **{f"<{DSML}{block}>": "deepseek" for block in DSML_BLOCKS},
}
_AFTER_BRACKET = re.compile(r"\[\s*(.)", re.S)


def detect(text: str, start: int, end: int) -> str | None:
    """The format name, ``"mixed"`` for a mixture, or ``None`` for a text answer."""
    seen = {kind for marker, kind in _MARKERS.items() if text.find(marker, start, end) != -1}
    if len(seen) > 1:
        return "mixed"
    if seen == {"tagged"}:
        content = text.find(OPEN_CALL, start, end) + len(OPEN_CALL)
        first = _SPACE.match(text, content, end).end()  # type: ignore[union-attr]  # always matches
        if first >= end or text[first] == "{":
            return "hermes"
        if text[first] == "[":
            return "tool_n1"
        return "qwen3_xml" if text.startswith(QWEN_FUNCTION, first, end) else "glm"
    if seen:
        return seen.pop()
    first = _SPACE.match(text, start, end).end()  # type: ignore[union-attr]  # always matches
    if text.startswith(OPEN_THINK, first):  # a leading think block, and only that one
        close = text.find(CLOSE_THINK, first, end)
        if close != -1:
            first = _SPACE.match(text, close + len(CLOSE_THINK), end).end()  # type: ignore[union-attr]
    if first >= end:
        return None
    if text.startswith("```", first):
        return "xlam"
    if text.startswith(PYTHON_START, first):
        return "pythonic"
    lead = text[first]
    if lead == "[":
        after = _AFTER_BRACKET.match(text, first, end)
        if after is not None and after.group(1) not in "{]":
            return "pythonic"
        value = _leading_value(text, first, end)
        item = value[0] if type(value) is list and value else None
        return "openai" if type(item) is dict and "function" in item else "xlam"
    if lead == "{":
        value = _leading_value(text, first, end)
        if type(value) is dict and "name" not in value and not _OPENAI_KEYS.isdisjoint(value):
            return "openai"
        return "llama3_json"
    return None


_OPENAI_KEYS = frozenset({"tool_calls", "role", "content", "function", "reasoning_content"})
_SPACE = re.compile(r"\s*")


def _leading_value(text: str, start: int, end: int) -> Any:
    """The JSON value at ``text[start:]`` (top-level keys decide the format), or ``None``."""
    value, reason, _ = decode_strict(text[start:end])
    if reason is None:
        return value
    value, _, reason, _ = raw_decode_strict(text[:end], start)
    return value if reason is None else None


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
