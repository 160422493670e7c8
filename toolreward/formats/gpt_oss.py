"""The ``gpt_oss`` format (gpt-oss, OpenAI's Harmony response format): messages on channels.

```
<|channel|>analysis<|message|>Need to use function get_weather.<|end|>
<|start|>assistant<|channel|>commentary to=functions.get_weather <|constrain|>json
<|message|>{"location":"San Francisco"}<|call|>
```
(one line in the model's output; broken here for width).

Source: openai/harmony ``docs/format.md`` @ 20cd04c1 ("Message format",
"Reasoning", "Receiving tool calls", "Preambles").  The response (what
follows the prompt's ``<|start|>assistant``) is a sequence of messages
``[<|start|>assistant]{header}<|message|>{content}`` ended by ``<|end|>``,
``<|call|>`` or ``<|return|>``; the header names the channel
(``<|channel|>analysis``, ``commentary`` or ``final``), may name a recipient
``to=...`` "in the role or channel section", and may carry
``<|constrain|>json``.  Cross-checked with vLLM's ``gptoss_tool_parser.py``
(@ 8c1e4ce0) and verl 0.9.1's ``GptOssToolParser``.

* The ``analysis`` messages before the calls are the reasoning: the think
  rules apply to them (``think="required"`` needs one; an empty one is
  ``empty_think``; one after a call is ``think_after_tool_call``).
* A message with a recipient is a call: ``to=functions.NAME`` calls NAME
  (another recipient, such as the built-in ``browser.search``, is kept as
  the name); its content is one JSON object.
* A ``final`` message is the text answer (no call); a ``commentary``
  message without recipient is a preamble: text around the calls, allowed
  only with ``allow_surrounding_text``.
* The stop token after the last message (``<|call|>``, ``<|return|>``) may
  be absent (the text stage drops trailing end tokens), but a reasoning
  message cut off before ``<|end|>`` is ``unclosed_think``, and a header
  cut off before ``<|message|>`` is ``unclosed_tool_call``.
* Pass the response alone: the prompt's ``<|start|>assistant`` markers also
  separate messages inside a response, so ``includes_prompt`` is not read.

>>> from toolreward.options import ParseOptions
>>> text = ('<|channel|>analysis<|message|>Use f.<|end|><|start|>assistant<|channel|>commentary '
...         'to=functions.f <|constrain|>json<|message|>{"a": 1}<|call|>')
>>> read_gpt_oss(text, 0, len(text), ParseOptions(format="gpt_oss"))[2]
[ToolCall(name='f', arguments={'a': 1})]
"""

from __future__ import annotations

import re

from .. import reasons as R
from ..calls import ToolCall
from ..jsonio import raw_decode_strict
from ..options import ParseOptions
from ..tags import HARMONY_CHANNEL, HARMONY_ENDS, HARMONY_MESSAGE, HARMONY_START
from .blocks import skip_space, unclosed
from .content import no_content
from .objects import arguments_value
from .read import Read, fail, success
from .tail import text_answer
from .think import snippet

_HEADER = re.compile(
    r"(?:\s*to=(?P<role_to>[^\s<]+))?<\|channel\|>(?P<channel>\w+)"
    r"(?:\s+to=(?P<channel_to>[^\s<]+))?"
    r"(?:\s*<\|constrain\|>\s*(?P<constrain>[^\s<]+)|\s+(?P<content_type>[^\s<]+))?\s*"
)
_END = re.compile("|".join(re.escape(t) for t in HARMONY_ENDS))


def read_gpt_oss(text: str, start: int, end: int, opts: ParseOptions) -> Read:
    """Read ``text[start:end]`` as Harmony messages."""
    cursor = skip_space(text, start, end)
    if text.find(HARMONY_CHANNEL, cursor, end) == -1:
        return text_answer(text, cursor, end, None)  # no message header: plain text
    mode = opts.think_mode
    think: tuple[int, int] | None = None
    calls: list[ToolCall] = []
    answer = False
    first = True
    while cursor < end:
        where = f"message at {cursor}"
        if text.startswith(HARMONY_START, cursor, end):
            cursor += len(HARMONY_START)
        elif not first:
            return fail(R.TRAILING_TEXT, f"text between messages: {snippet(text, cursor, end)}")
        elif not text.startswith(HARMONY_CHANNEL, cursor, end) and not text.startswith(
            "to=", cursor, end
        ):
            if not opts.allow_surrounding_text:
                return fail(
                    R.LEADING_TEXT, f"text before the first message: {snippet(text, cursor, end)}"
                )
            cursor = text.find(HARMONY_CHANNEL, cursor, end)
            continue
        first = False
        header = _HEADER.match(text, cursor, end)
        if header is None:
            return fail(R.INVALID_SYNTAX, f"{where}: a header without <|channel|>")
        body = header.end()
        if not text.startswith(HARMONY_MESSAGE, body, end):
            if text.find(HARMONY_MESSAGE, body, end) == -1:
                return fail(*unclosed(f"{where}: the header"))
            return fail(R.INVALID_SYNTAX, f"{where}: text in the header before <|message|>")
        body += len(HARMONY_MESSAGE)
        channel = header.group("channel")
        recipient = header.group("role_to") or header.group("channel_to")
        if recipient is not None:  # a call
            if answer:
                return fail(R.TRAILING_TEXT, "a call after the final answer")
            name = recipient.removeprefix("functions.")
            value, value_end, reason, message = raw_decode_strict(text, body)
            if reason is not None:
                if _END.search(text, body, end) is None:
                    return fail(*unclosed(f"call [{len(calls)}] {name}"))
                return fail(reason, f"call [{len(calls)}] {name}: {message}")
            args, reason, detail = arguments_value(value, f"call [{len(calls)}] {name}", opts)
            if reason is not None:
                return fail(reason, detail)
            calls.append(ToolCall(name, args))
            after = skip_space(text, value_end, end)
            stop = _END.match(text, after, end)
            if stop is None and after < end:
                return fail(
                    R.INVALID_JSON, f"call [{len(calls) - 1}] {name}: text after the arguments"
                )
            cursor = skip_space(text, stop.end(), end) if stop is not None else end
            continue
        stop = _END.search(text, body, end)
        content_end = stop.start() if stop is not None else end
        if channel == "analysis":
            if stop is None:
                return fail(R.UNCLOSED_THINK, "the analysis message is never ended")
            if calls or answer:
                return fail(R.THINK_AFTER_TOOL_CALL, "an analysis message after the calls")
            if mode == "forbidden":
                return fail(R.THINK_FORBIDDEN, "an analysis message but think='forbidden'")
            if think is None:
                if not opts.allow_empty_think and no_content(text, body, content_end):
                    return fail(R.EMPTY_THINK, "the analysis message is empty")
                think = (body, content_end)
        elif channel == "final":
            if calls:
                return fail(R.TRAILING_TEXT, "a final answer after the calls")
            if no_content(text, body, content_end):
                return fail(R.EMPTY_RESPONSE, "an empty final answer")
            answer = True
        elif not opts.allow_surrounding_text:  # a commentary preamble
            reason = R.TRAILING_TEXT if calls else R.LEADING_TEXT
            return fail(
                reason, f"a {channel} message without recipient: {snippet(text, body, content_end)}"
            )
        cursor = stop.end() if stop is not None else end
        cursor = skip_space(text, cursor, end)
    if mode == "required" and think is None:
        return fail(R.MISSING_THINK, "no analysis message before the calls")
    if not calls and not answer:
        return fail(R.EMPTY_RESPONSE, "no call and no final answer")
    return success(calls, think)
