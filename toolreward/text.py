"""Text stage: find the assistant response inside a decoded completion.

A completion is the response alone (TRL, verl, most batch files), or, with
``includes_prompt=True``, the decoded prompt plus response (OpenRLHF queries,
``decode(..., skip_special_tokens=False)`` of the whole sequence):

* with ``includes_prompt=True`` the response starts after the LAST
  assistant marker of any family in ``toolreward.tags.CHAT_FAMILIES``;
  without it the whole text is the response;
* trailing end-of-turn, end-of-text and padding tokens are stripped, as many
  as there are, with any whitespace between them;
* a marker that opens a chat turn (``<|im_start|>``, ``<start_of_turn>``,
  ...) left inside the response is a ``stray_tag``: a response never opens a
  turn, so such a marker is never a cut point.

Offsets are returned instead of a new string so that spans reported by the
parsers point into the text the caller passed.

>>> text = "<|im_start|>user\\nhi<|im_end|>\\n<|im_start|>assistant\\nHELLO<|im_end|><|endoftext|>"
>>> start, end, failure = locate_response(text, includes_prompt=True)
>>> text[start:end], failure
('\\nHELLO', None)
>>> locate_response(text, includes_prompt=False)[2][0]
'stray_tag'
"""

from __future__ import annotations

import re
from typing import Any

from .reasons import STRAY_TAG
from .results import Failure
from .tags import ASSISTANT_MARKERS, END_TOKENS, TURN_MARKERS

# Possessive quantifiers: no backtracking state is kept per token, so a run of
# millions of tokens costs one flat pass.
_TRAILER = re.compile(
    "(?:[ \t\n\r\f\v]*+(?:" + "|".join(re.escape(t[::-1]) for t in END_TOKENS) + "))*+"
)
_WINDOW = 64  # longer than any end token
_FEW = 8  # end tokens stripped one by one before the reversed-copy regex takes over

# Turn markers grouped behind a gate: a one-character gate ("|" for the
# ``<|...|>`` family) is a memchr scan, which is the common case's only cost.
_MARKER_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
    (gate, tuple(m for m in TURN_MARKERS if gate in m))
    for gate in dict.fromkeys(
        "|" if m.startswith("<|") else "\uff5c" if m.startswith("<\uff5c") else m
        for m in TURN_MARKERS
    )
)


def as_text(value: Any) -> str:
    """``value`` as a plain ``str`` (a ``str`` subclass is converted); else ``TypeError``."""
    if isinstance(value, str):
        return str(value)
    raise TypeError(f"completion must be a str, got {type(value).__name__}")


def locate_response(text: str, includes_prompt: bool = False) -> tuple[int, int, Failure | None]:
    """``(start, end, failure)``: the response's bounds in ``text``, and a
    ``stray_tag`` failure when a chat-turn marker lies inside them.

    The compiled core (``toolreward/_speedups.c``, ``strict_proves``) applies
    the same rule with the same tables; a change here must be made there too.
    """
    start = 0
    if includes_prompt:
        for marker in ASSISTANT_MARKERS:
            i = text.rfind(marker)
            if i != -1 and i + len(marker) > start:
                start = i + len(marker)
    end = len(text)
    last = text[end - 1] if end > start else ""
    if last in _SPACE or (last == ">" and text.endswith(END_TOKENS, start, end)):
        end = _strip_end_tokens(text, start, end)
    # The first chat-turn marker inside the response, behind its gate.
    find = text.find
    for gate, markers in _MARKER_GROUPS:
        if find(gate, start, end) != -1:
            for marker in markers:
                if find(marker, start, end) != -1:
                    hint = "" if includes_prompt else _PROMPT_HINT
                    detail = f"chat marker {marker!r} inside the response{hint}"
                    return start, end, (STRAY_TAG, detail)
    return start, end, None


_PROMPT_HINT = " (pass includes_prompt=True for prompt plus response)"


def _strip_end_tokens(text: str, start: int, end: int) -> int:
    """``end`` moved left past trailing end tokens and the whitespace around them."""
    for _ in range(_FEW):
        # Skip the whitespace before ``end`` (a few characters at most, or the
        # reversed-copy regex below takes over), then look for a token there.
        stop = end
        floor = max(start, end - _WINDOW)
        while stop > floor and text[stop - 1] in _SPACE:
            stop -= 1
        if stop == floor and stop > start:
            break  # a long run of whitespace: the regex below decides
        if not text.endswith(END_TOKENS, start, stop):
            return end
        for token in END_TOKENS:
            if text.endswith(token, start, stop):
                end = stop - len(token)
                break
    # Many tokens (or much whitespace): match the run on the reversed text,
    # one linear pass in C however many tokens an adversary piles up.
    # (The pattern can match the empty string, so it always matches.)
    trailer = _TRAILER.match(text[start:end][::-1])
    return end - trailer.end() if trailer is not None else end


_SPACE = frozenset(" \t\n\r\f\v")
