"""Rendering a chat into the prompt text the policy continues.

The tokenizer's own chat template is used when it has one; otherwise a
built-in Qwen2.5-style (ChatML) template:

>>> print(render_chatml([{"role": "system", "content": "S"}, {"role": "user", "content": "U"}]))
<|im_start|>system
S<|im_end|>
<|im_start|>user
U<|im_end|>
<|im_start|>assistant
<BLANKLINE>
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

CHATML_END = "<|im_end|>"


def render_chatml(messages: Sequence[dict[str, str]]) -> str:
    """ChatML turns, then the opening of the assistant's turn."""
    turns = [f"<|im_start|>{m['role']}\n{m['content']}{CHATML_END}\n" for m in messages]
    return "".join(turns) + "<|im_start|>assistant\n"


def render_prompt(tokenizer: Any, messages: Sequence[dict[str, str]]) -> str:
    """The prompt text: the tokenizer's chat template if it has one, else ChatML."""
    if getattr(tokenizer, "chat_template", None):
        text = tokenizer.apply_chat_template(
            list(messages), tokenize=False, add_generation_prompt=True
        )
        return str(text)
    return render_chatml(messages)
