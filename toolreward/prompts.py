"""The Tool-N1 system prompt: tools inside ``<tools></tools>``, then the answer format.

Shared by the verl preprocessing example and the training loop, so every
path trains on the same prompt.

>>> text = tool_n1_system_prompt([{"name": "f", "parameters": {}}])
>>> print(text.splitlines()[3])
{"type": "function", "function": {"name": "f", "parameters": {}}}
"""

from __future__ import annotations

import json
from typing import Any

INSTRUCTIONS = (
    "Think about the request step by step inside <think></think>. Then answer with the "
    "function calls to make, as a JSON list inside <tool_call></tool_call>:\n"
    "<think>your reasoning</think>\n"
    '<tool_call>[{"name": "function_name", "arguments": {"argument": "value"}}]</tool_call>\n'
    "Use [] inside <tool_call></tool_call> when no function fits the request."
)


def tool_n1_system_prompt(tools: list[dict[str, Any]], preamble: str = "") -> str:
    """The system prompt: an optional preamble, the tools (one JSON object per line), the format."""
    lines = []
    for tool in tools:
        spec = tool if tool.get("type") == "function" else {"type": "function", "function": tool}
        lines.append(json.dumps(spec, ensure_ascii=False))
    head = (preamble.rstrip() + "\n\n") if preamble else ""
    return (
        f"{head}You may call the following functions.\n"
        "Their signatures are listed inside <tools></tools>, one JSON object per line:\n"
        "<tools>\n" + "\n".join(lines) + "\n</tools>\n\n" + INSTRUCTIONS
    )
