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
from ..jsonio import strict_loads
from ..options import ParseOptions
from .objects import calls_from_payload
from .read import Read, fail, success
from .tail import check_tail, value_end
from .think import misplaced_think, split_think, think_tags_in

FENCE = "```"
_OPEN_FENCE = re.compile(r"\s*```(?:json)?[ \t]*\n")


def read_xlam(text: str, start: int, end: int, opts: ParseOptions) -> Read:
    """Read ``text[start:end]`` as an xLAM-style JSON list of calls."""
    failure, think, pos = split_think(text, start, end, opts, None)
    if failure is not None:
        return fail(*failure)
    fence = _OPEN_FENCE.match(text, pos, end)
    if fence is not None:
        close = text.rfind(FENCE, fence.end(), end)
        if close == -1:
            return fail(R.UNCLOSED_TOOL_CALL, "the ``` fence is never closed")
        failure = check_tail(text, close + len(FENCE), end, opts)
        if failure is not None:
            return fail(*failure)
        payload_start, payload_end = fence.end(), close
    else:
        payload_start, payload_end = pos, end
    value, reason, message = strict_loads(text[payload_start:payload_end])
    if reason is not None and fence is None:
        stop = value_end(text, payload_start, end)
        if stop is not None:  # a JSON value, then more text
            failure = check_tail(text, stop, end, opts)
            if failure is not None:
                return fail(*failure)
            payload_end = stop
            value, reason, message = strict_loads(text[payload_start:payload_end])
    if reason is not None:
        if think_tags_in(text, payload_start, payload_end):
            return fail(*misplaced_think(opts, "outside the think block"))
        return fail(reason, f"payload: {message}")
    calls, reason, detail = calls_from_payload(value, opts)
    if reason is not None:
        return fail(reason, detail)
    return success(calls, think, (payload_start, payload_end))
