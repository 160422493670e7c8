"""Does a span say anything?  The rule for blank reasoning and blank answers.

Whitespace is not content, and neither are characters that render as
nothing (zero-width spaces and joiners, bidirectional marks, the soft hyphen,
the Braille blank U+2800, the Hangul fillers U+115F, U+1160, U+3164 and
U+FFA0, variation selectors, tag characters) nor special tokens
(``<|...|>``, DeepSeek's full-width form of it, and the end tokens of ``toolreward.tags``).  A
think block of only such characters is ``empty_think``; a response with no
call and only such characters is ``empty_response``, so a policy cannot earn
an irrelevance reward by writing nothing.

>>> no_content("\\u200b \\u2800<|im_end|>\\u3164", 0, 14)
True
>>> no_content("\\u200b ok", 0, 4)
False
"""

from __future__ import annotations

import re

from ..tags import END_TOKENS, TURN_MARKERS

_INVISIBLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0\U000e0000-\U000e007f"
)
_TOKENS = "|".join(re.escape(t) for t in sorted({*END_TOKENS, *TURN_MARKERS}, key=len))
# Possessive: on a mismatch nothing is retried, so the match is linear in the span.
FILLER = re.compile(
    rf"(?:[\s{_INVISIBLE}]|<\|[^\s|<>]{{1,40}}\|>|<\uff5c[^\uff5c<>]{{1,40}}\uff5c>|{_TOKENS})*+"
)


def no_content(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` holds nothing but whitespace, invisible
    characters and special tokens."""
    if start >= end:
        return True
    return FILLER.match(text, start, end).end() == end  # type: ignore[union-attr]
