"""Every literal marker toolreward looks for, defined once.

The format readers, the think rules, the text stage and the ``tool_n1``
preset all import their tags from here, so a tag is never spelled twice.

Sources: the Tool-N1 prompt and reward (NVlabs/Tool-N1), Qwen2.5's chat
template (``<tool_call>``, ``<|im_start|>``), Llama 3.1's prompt format
(``<|python_tag|>``, ``<|eom_id|>``) and Mistral's tokenizer
(``[TOOL_CALLS]``, ``[ARGS]``).

>>> OPEN_THINK, CLOSE_CALL
('<think>', '</tool_call>')
"""

from __future__ import annotations

OPEN_THINK, CLOSE_THINK = "<think>", "</think>"
THINK_TAGS: tuple[str, str] = (OPEN_THINK, CLOSE_THINK)

OPEN_CALL, CLOSE_CALL = "<tool_call>", "</tool_call>"
CALL_TAGS: tuple[str, str] = (OPEN_CALL, CLOSE_CALL)

PYTHON_TAG = "<|python_tag|>"
MISTRAL_CALLS, MISTRAL_ARGS = "[TOOL_CALLS]", "[ARGS]"

QWEN_ASSISTANT = "<|im_start|>assistant"
LLAMA3_ASSISTANT = "<|start_header_id|>assistant<|end_header_id|>"
ASSISTANT_MARKERS: tuple[str, ...] = (QWEN_ASSISTANT, LLAMA3_ASSISTANT)
"""Chat-template markers after which the assistant's response starts."""

END_TOKENS: tuple[str, ...] = ("<|im_end|>", "<|endoftext|>", "<|eot_id|>", "<|eom_id|>", "</s>")
"""End-of-turn and padding tokens that may trail a decoded response."""
