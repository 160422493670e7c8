"""The ``xlam`` format: a bare JSON list of calls, optionally in a ```json fence.

```
[{"name": "get_weather", "arguments": {"city": "Paris"}}]
```

```json
[{"name": "get_weather", "arguments": {"city": "Paris"}}]
```

``[]`` means "no call"; a bare object is one call.

>>> from toolreward.options import ParseOptions
>>> text = '```json\\n[{"name": "f", "arguments": {}}]\\n```'
>>> read_xlam(text, 0, len(text), ParseOptions(format="xlam"))[2]
[ToolCall(name='f', arguments={})]
"""

from __future__ import annotations

import re

from .. import reasons as R
from ..canonical import typed_key
from ..jsonio import strict_loads
from ..options import ParseOptions
from .objects import calls_from_payload
from .read import Read, fail
from .think import snippet, split_think, think_tags_in

FENCE = "```"
_OPEN_FENCE = re.compile(r"\s*```(?:json)?[ \t]*\n")


def read_xlam(text: str, start: int, end: int, opts: ParseOptions) -> Read:
    """Read ``text[start:end]`` as an xLAM-style JSON list of calls."""
    error, detail, think, pos = split_think(text, start, end, opts, opts.think_mode, end, ())
    if error is not None:
        return fail(error, detail)
    fence = _OPEN_FENCE.match(text, pos, end)
    if fence is not None:
        close = text.rfind(FENCE, fence.end(), end)
        if close == -1:
            return fail(R.UNCLOSED_TOOL_CALL, "the ``` fence is never closed")
        tail = close + len(FENCE)
        if think_tags_in(text, tail, end):
            return fail(R.THINK_AFTER_TOOL_CALL, "a think tag after the calls")
        if not opts.allow_surrounding_text and not (tail == end or text[tail:end].isspace()):
            return fail(R.TRAILING_TEXT, f"text after the fence: {snippet(text, tail, end)}")
        payload_start, payload_end = fence.end(), close
    else:
        payload_start, payload_end = pos, end
    value, reason, message = strict_loads(text[payload_start:payload_end])
    if reason is not None:
        if think_tags_in(text, payload_start, payload_end):
            return fail(R.THINK_AFTER_TOOL_CALL, "a think tag outside the think block")
        return fail(reason, f"payload: {message}")
    calls, reason, detail = calls_from_payload(value, opts)
    if reason is not None:
        return fail(reason, detail)
    keys = [typed_key(c.arguments) for c in calls]
    return (None, "", calls, keys, think, (payload_start, payload_end))
