"""Text stage: find the assistant response inside a decoded completion.

A completion may be the response alone, or the whole decoded prompt plus
response (OpenRLHF queries, ``decode(..., skip_special_tokens=False)``).

* When a chat-template assistant marker is present, only the text after the
  LAST marker is the response.
* Trailing end-of-turn and padding tokens are stripped, as many as there are,
  with any whitespace between them.

Offsets are returned instead of a new string so that spans reported by the
parsers point into the text the caller passed.

>>> text = "<|im_start|>user\\nhi<|im_end|>\\n<|im_start|>assistant\\nHELLO<|im_end|><|endoftext|>"
>>> start, end = response_bounds(text)
>>> text[start:end]
'\\nHELLO'
"""

from __future__ import annotations

import re
from typing import Any

from .tags import ASSISTANT_MARKERS, END_TOKENS

_TRAILER = re.compile(
    "(?:[ \t\n\r\f\v]*(?:" + "|".join(re.escape(t[::-1]) for t in END_TOKENS) + "))*"
)


def as_text(value: Any) -> str:
    """``value`` as a plain ``str`` (a ``str`` subclass is converted); else ``TypeError``."""
    if isinstance(value, str):
        return str(value)
    raise TypeError(f"completion must be a str, got {type(value).__name__}")


def response_bounds(text: str) -> tuple[int, int]:
    """``(start, end)`` of the assistant response inside ``text``."""
    start = 0
    if "<|" in text:  # every marker starts so: one scan instead of one per marker
        for marker in ASSISTANT_MARKERS:
            i = text.rfind(marker)
            if i != -1 and i + len(marker) > start:
                start = i + len(marker)
    end = len(text)
    tail = text[max(start, end - 64) : end].rstrip()
    if tail and not tail.endswith(END_TOKENS):
        return start, end
    # Match the run of end tokens on the reversed text: one linear pass in C,
    # however many tokens an adversarial completion piles up.
    # (The pattern can match the empty string, so it always matches.)
    trailer = _TRAILER.match(text[start:end][::-1])
    if trailer is not None:
        end -= trailer.end()
    return start, end
