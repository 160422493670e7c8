"""Every literal marker toolreward looks for, defined once.

The format readers, the think rules, the text stage and the ``tool_n1``
preset all import their tags from here, so a tag is never spelled twice.

Sources: the Tool-N1 prompt and reward (NVlabs/Tool-N1), Qwen2.5's chat
template (``<tool_call>``, ``<|im_start|>``), Llama 3.1's prompt format
(``<|python_tag|>``, ``<|eom_id|>``) and Mistral's tokenizer
(``[TOOL_CALLS]``, ``[ARGS]``).  ``CHAT_FAMILIES`` names the source of each
family's chat markers.

>>> OPEN_THINK, CLOSE_CALL
('<think>', '</tool_call>')
>>> "<end_of_turn>" in END_TOKENS, "<start_of_turn>model" in ASSISTANT_MARKERS
(True, True)
"""

from __future__ import annotations

from dataclasses import dataclass

OPEN_THINK, CLOSE_THINK = "<think>", "</think>"
THINK_TAGS: tuple[str, str] = (OPEN_THINK, CLOSE_THINK)

OPEN_CALL, CLOSE_CALL = "<tool_call>", "</tool_call>"
CALL_TAGS: tuple[str, str] = (OPEN_CALL, CLOSE_CALL)

PYTHON_TAG = "<|python_tag|>"
PYTHON_START, PYTHON_END = "<|python_start|>", "<|python_end|>"  # Llama 4
MISTRAL_CALLS, MISTRAL_ARGS = "[TOOL_CALLS]", "[ARGS]"
MISTRAL_CALL_ID = "[CALL_ID]"
MISTRAL_THINK_TAGS: tuple[str, str] = ("[THINK]", "[/THINK]")

# Qwen3-Coder / Qwen3.5 (qwen3_xml): <tool_call><function=NAME><parameter=KEY>value</parameter>...
QWEN_FUNCTION, QWEN_FUNCTION_END = "<function=", "</function>"
QWEN_PARAMETER, QWEN_PARAMETER_END = "<parameter=", "</parameter>"

# GLM-4.5 to GLM-5 (glm): <tool_call>NAME<arg_key>KEY</arg_key><arg_value>value</arg_value>...
GLM_KEY, GLM_KEY_END = "<arg_key>", "</arg_key>"
GLM_VALUE, GLM_VALUE_END = "<arg_value>", "</arg_value>"

# Kimi K2 (kimi): section and call tokens; a call id is functions.NAME:INDEX.
KIMI_SECTION, KIMI_SECTION_END = "<|tool_calls_section_begin|>", "<|tool_calls_section_end|>"
KIMI_CALL, KIMI_ARGS, KIMI_CALL_END = (
    "<|tool_call_begin|>",
    "<|tool_call_argument_begin|>",
    "<|tool_call_end|>",
)

# gpt-oss (Harmony): messages [<|start|>assistant]{header}<|message|>{content}<|end|>.
HARMONY_START, HARMONY_CHANNEL, HARMONY_MESSAGE = "<|start|>assistant", "<|channel|>", "<|message|>"
HARMONY_ENDS = ("<|end|>", "<|call|>", "<|return|>")

# Gemma 4: <|tool_call>call:NAME{key:value}<tool_call|>, strings between <|"|>, thought channel.
GEMMA_CALL, GEMMA_CALL_END, GEMMA_QUOTE = "<|tool_call>", "<tool_call|>", '<|"|>'
GEMMA_THINK_TAGS: tuple[str, str] = ("<|channel>thought", "<channel|>")

# Kimi K3 (XTML channels): <|open|>NAME ATTRS<|sep|> ... <|close|>NAME<|sep|>.
K3_OPEN, K3_CLOSE, K3_SEP = "<|open|>", "<|close|>", "<|sep|>"

# DeepSeek V3, R1 and V3.1 (U+FF5C bars, U+2581 spaces), and the DSML form of V3.2 and V4.
DS_CALLS, DS_CALLS_END = (
    "<\uff5ctool\u2581calls\u2581begin\uff5c>",
    "<\uff5ctool\u2581calls\u2581end\uff5c>",
)
DS_CALL, DS_CALL_END = (
    "<\uff5ctool\u2581call\u2581begin\uff5c>",
    "<\uff5ctool\u2581call\u2581end\uff5c>",
)
DS_SEP = "<\uff5ctool\u2581sep\uff5c>"
DSML = "\uff5cDSML\uff5c"
DSML_BLOCKS = ("function_calls", "tool_calls")  # V3.2, V4


@dataclass(frozen=True)
class ChatFamily:
    """The chat-template markers of one model family, as its tokenizer writes them.

    Attributes:
        name: the family.
        assistant: markers after which the assistant's response starts.
        turn_starts: markers that open a turn of any role; inside a response
            they are stray tags (a response never opens a new turn).
        end_tokens: end-of-turn, end-of-text and padding tokens that may
            trail a decoded response.
        source: where the markers are written down.
    """

    name: str
    assistant: tuple[str, ...]
    turn_starts: tuple[str, ...]
    end_tokens: tuple[str, ...]
    source: str


CHAT_FAMILIES: tuple[ChatFamily, ...] = (
    ChatFamily(
        "qwen",
        ("<|im_start|>assistant",),
        ("<|im_start|>",),
        ("<|im_end|>", "<|endoftext|>"),
        "Qwen/Qwen2.5-7B-Instruct tokenizer_config.json (chat_template, eos and pad tokens)",
    ),
    ChatFamily(
        "llama3",
        ("<|start_header_id|>assistant<|end_header_id|>",),
        ("<|start_header_id|>",),
        ("<|eot_id|>", "<|eom_id|>", "<|end_of_text|>", "<|finetune_right_pad_id|>"),
        "meta-llama/Llama-3.1-8B-Instruct tokenizer_config.json and Llama 3.1's prompt format",
    ),
    ChatFamily(
        "llama4",
        ("<|header_start|>assistant<|header_end|>",),
        ("<|header_start|>",),
        ("<|eot|>", "<|eom|>"),
        "meta-llama/Llama-4-Scout-17B-16E-Instruct prompt format (header, eot and eom tokens)",
    ),
    ChatFamily(
        "mistral",
        ("[/INST]",),
        ("[INST]",),
        ("</s>",),
        "mistralai/Mistral-7B-Instruct-v0.3 tokenizer (control tokens [INST], [/INST], </s>)",
    ),
    ChatFamily(
        "gemma",
        ("<start_of_turn>model",),
        ("<start_of_turn>",),
        ("<end_of_turn>", "<eos>", "<pad>"),
        "google/gemma-3-270m-it tokenizer_config.json (chat_template, eos and pad tokens)",
    ),
    ChatFamily(
        "phi",
        ("<|assistant|>",),
        ("<|system|>", "<|user|>", "<|assistant|>"),
        ("<|end|>", "<|endoftext|>"),
        "microsoft/Phi-4-mini-instruct tokenizer_config.json (chat_template)",
    ),
    ChatFamily(
        "glm",
        ("<|assistant|>",),
        ("<|user|>", "<|system|>", "<|observation|>"),
        ("<|endoftext|>", "<|user|>", "<|observation|>"),
        "zai-org/GLM-4.5 and GLM-4.7 chat_template.jinja and generation_config.json (eos tokens)",
    ),
    ChatFamily(
        "kimi",
        ("<|im_assistant|>assistant<|im_middle|>",),
        ("<|im_user|>", "<|im_system|>", "<|im_assistant|>"),
        ("<|im_end|>",),
        "moonshotai/Kimi-K2-Instruct chat_template.jinja (<|im_*|> role tokens)",
    ),
    ChatFamily(
        "gemma4",
        ("<|turn>model",),
        ("<|turn>",),
        ("<turn|>", "<|tool_response>", "<eos>"),
        "Gemma 4 chat_template.jinja (<|turn>ROLE ... <turn|>; <|tool_response> follows calls)",
    ),
    ChatFamily(
        "gpt-oss",
        ("<|start|>assistant",),
        ("<|start|>system", "<|start|>developer", "<|start|>user", "<|start|>functions"),
        ("<|return|>", "<|call|>", "<|end|>"),
        "openai/harmony docs/format.md @ 20cd04c1 (special tokens; <|return|> and <|call|> stop)",
    ),
    ChatFamily(
        "deepseek",
        ("<\uff5cAssistant\uff5c>",),
        ("<\uff5cUser\uff5c>", "<\uff5cAssistant\uff5c>"),
        ("<\uff5cend\u2581of\u2581sentence\uff5c>",),
        "deepseek-ai/DeepSeek-V3 tokenizer_config.json (chat_template; U+FF5C bars, U+2581)",
    ),
)
"""Chat markers of the common model families (``docs/formats.md`` shows the table)."""


def _union(*groups: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(tag for group in groups for tag in group))


QWEN_ASSISTANT = CHAT_FAMILIES[0].assistant[0]
ASSISTANT_MARKERS: tuple[str, ...] = _union(*(f.assistant for f in CHAT_FAMILIES))
"""Markers after which the assistant's response starts (a prompt precedes them)."""

TURN_MARKERS: tuple[str, ...] = _union(*(f.turn_starts for f in CHAT_FAMILIES))
"""Markers that open a chat turn: never part of a response."""

END_TOKENS: tuple[str, ...] = _union(*(f.end_tokens for f in CHAT_FAMILIES))
"""End-of-turn and padding tokens that may trail a decoded response."""
