"""Format readers, one module each, registered by name in ``FORMAT_READERS``.

A reader is ``reader(text, start, end, opts) -> Read`` over ``text[start:end]``
(the assistant response): a plain tuple ``(error, detail, calls, keys,
think_span, payload_span)`` built by ``read.fail`` or ``read.success``.  It
never raises on any text.  ``parse`` turns it into a ``Parsed``; the presets
use it directly.  Rules every format shares live once:

* ``think.py``: the think block, and a think tag out of place;
* ``tail.py``: what may follow the calls;
* ``objects.py``: the ``{"name", "arguments"}`` call objects;
* ``scan.py``: strings, brackets and commas in source-text calls;
* ``blocks.py``: leading text, text answers and raw values of tag formats;
* ``raw_values.py``: typing raw-text values through the tool's schema;
* ``read.py``: the result tuple and the matcher's keys.
"""

from __future__ import annotations

from collections.abc import Callable

from ..options import ParseOptions
from .auto import auto_reader
from .deepseek import read_deepseek
from .gemma4 import read_gemma4
from .glm import read_glm
from .gpt_oss import read_gpt_oss
from .hermes import read_hermes
from .kimi import read_kimi
from .llama3_json import read_llama3_json
from .mistral import read_mistral
from .openai import read_openai, read_openai_value
from .pythonic import read_pythonic
from .qwen3_xml import read_qwen3_xml
from .read import Read
from .tool_n1 import read_tool_n1
from .xlam import read_xlam

Reader = Callable[[str, int, int, ParseOptions], Read]

_SINGLE: dict[str, Reader] = {
    "tool_n1": read_tool_n1,
    "hermes": read_hermes,
    "llama3_json": read_llama3_json,
    "mistral": read_mistral,
    "xlam": read_xlam,
    "pythonic": read_pythonic,
    "openai": read_openai,
    "qwen3_xml": read_qwen3_xml,
    "glm": read_glm,
    "kimi": read_kimi,
    "deepseek": read_deepseek,
    "gpt_oss": read_gpt_oss,
    "gemma4": read_gemma4,
}

FORMAT_READERS: dict[str, Reader] = {**_SINGLE, "auto": auto_reader(_SINGLE)}
"""Every format's reader by name (the names of ``toolreward.options.FORMATS``)."""

OBJECT_FORMATS = frozenset({"openai", "auto"})
"""Formats that also accept a decoded message (dict) or list of tool calls."""

__all__ = ["FORMAT_READERS", "OBJECT_FORMATS", "Read", "Reader", "read_openai_value"]
