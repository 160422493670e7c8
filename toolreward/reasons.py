"""Reason codes: the stable, snake_case vocabulary of every verdict.

Each code is a plain string constant so it can be logged, counted and
compared without importing anything.  ``REASONS`` maps every code to a
one-line description; ``FORMAT_REASONS`` and ``CALL_REASONS`` say which
stage produced it.  ``docs/reward.md`` shows an example completion for each.

>>> OK
'ok'
>>> MISSING_THINK in FORMAT_REASONS
True
"""

from __future__ import annotations

OK = "ok"

# --- structure (format_ok is False) --------------------------------------
MISSING_THINK = "missing_think"
UNCLOSED_THINK = "unclosed_think"
EMPTY_THINK = "empty_think"
NESTED_THINK = "nested_think"
TOOL_CALL_IN_THINK = "tool_call_in_think"
MULTIPLE_THINK_BLOCKS = "multiple_think_blocks"
THINK_AFTER_TOOL_CALL = "think_after_tool_call"
THINK_FORBIDDEN = "think_forbidden"
STRAY_TAG = "stray_tag"
EMPTY_RESPONSE = "empty_response"
MISSING_TOOL_CALL = "missing_tool_call"
UNCLOSED_TOOL_CALL = "unclosed_tool_call"
MULTIPLE_TOOL_CALL_BLOCKS = "multiple_tool_call_blocks"
LEADING_TEXT = "leading_text"
TEXT_BETWEEN_BLOCKS = "text_between_blocks"
TRAILING_TEXT = "trailing_text"
INVALID_JSON = "invalid_json"
DUPLICATE_KEY = "duplicate_key"
PAYLOAD_NOT_LIST = "payload_not_list"
CALL_NOT_OBJECT = "call_not_object"
BAD_CALL_KEYS = "bad_call_keys"
BAD_NAME = "bad_name"
ARGUMENTS_NOT_OBJECT = "arguments_not_object"
INVALID_SYNTAX = "invalid_syntax"
POSITIONAL_ARGUMENT = "positional_argument"
BARE_IDENTIFIER = "bare_identifier"
UNSUPPORTED_VALUE = "unsupported_value"
MIXED_FORMATS = "mixed_formats"
UNKNOWN_FUNCTION = "unknown_function"
MISSING_REQUIRED_ARGUMENT = "missing_required_argument"
UNEXPECTED_ARGUMENT = "unexpected_argument"
ARGUMENT_TYPE_MISMATCH = "argument_type_mismatch"
ENUM_VIOLATION = "enum_violation"
SCHEMA_VIOLATION = "schema_violation"

# --- functional correctness (format_ok is True, calls_ok is False) --------
CALL_COUNT_MISMATCH = "call_count_mismatch"
WRONG_FUNCTION_NAME = "wrong_function_name"
MISSING_ARGUMENT = "missing_argument"
EXTRA_ARGUMENT = "extra_argument"
WRONG_ARGUMENT_TYPE = "wrong_argument_type"
WRONG_ARGUMENT_VALUE = "wrong_argument_value"

# --- records (CLI, server and batch tools only) ---------------------------
BAD_RECORD = "bad_record"
INTERNAL_ERROR = "internal_error"

FORMAT_REASONS: dict[str, str] = {
    MISSING_THINK: "no <think> block where one is required",
    UNCLOSED_THINK: "<think> is never closed by </think>",
    EMPTY_THINK: "the think block is empty (whitespace, invisible or special tokens only)",
    NESTED_THINK: "a <think> tag inside the think block",
    TOOL_CALL_IN_THINK: "a <tool_call> or </tool_call> tag inside the think block",
    MULTIPLE_THINK_BLOCKS: "a second think block, or a stray think tag outside the first",
    THINK_AFTER_TOOL_CALL: "a think tag after (or around) the tool_call block",
    THINK_FORBIDDEN: "a think tag where the think option is 'forbidden'",
    STRAY_TAG: "a closing tag without its opening tag, or a chat-turn marker in the response",
    EMPTY_RESPONSE: "no call and no answer text (blank, invisible or special tokens only)",
    MISSING_TOOL_CALL: "no <tool_call> block",
    UNCLOSED_TOOL_CALL: "<tool_call> is never closed by </tool_call>",
    MULTIPLE_TOOL_CALL_BLOCKS: "more than one <tool_call> block",
    LEADING_TEXT: "non-whitespace text before the first block",
    TEXT_BETWEEN_BLOCKS: "non-whitespace text between </think> and <tool_call>",
    TRAILING_TEXT: "non-whitespace text after </tool_call>",
    INVALID_JSON: "the payload is not strict JSON (or nests deeper than the limit)",
    DUPLICATE_KEY: "a JSON object in the payload repeats a key",
    PAYLOAD_NOT_LIST: "the payload is neither a list of calls nor one call object",
    CALL_NOT_OBJECT: "an item of the call list is not a JSON object",
    BAD_CALL_KEYS: "a call object does not have exactly the keys name and arguments",
    BAD_NAME: "a call's name is not a non-empty string",
    ARGUMENTS_NOT_OBJECT: "a call's arguments are not a JSON object",
    INVALID_SYNTAX: "a pythonic payload is not a Python expression of calls (no comments)",
    POSITIONAL_ARGUMENT: "a pythonic call passes an argument by position",
    BARE_IDENTIFIER: "a pythonic argument value is a bare name, not a literal",
    UNSUPPORTED_VALUE: "a pythonic argument value is not a literal (a call, an operator, ...)",
    MIXED_FORMATS: "the text mixes the markers of several formats (format='auto')",
    UNKNOWN_FUNCTION: "a call names no tool in `tools` (schema check)",
    MISSING_REQUIRED_ARGUMENT: "a call lacks an argument its schema requires (schema check)",
    UNEXPECTED_ARGUMENT: "a call passes an argument its schema does not declare (schema check)",
    ARGUMENT_TYPE_MISMATCH: "an argument has a JSON type its schema does not allow (schema check)",
    ENUM_VIOLATION: "an argument is outside its schema's enum (schema check)",
    SCHEMA_VIOLATION: "an argument breaks another schema keyword (schema check)",
}

SCHEMA_REASONS: dict[str, str] = {
    code: text for code, text in FORMAT_REASONS.items() if text.endswith("(schema check)")
}
"""The structural reasons of the schema stage (``toolreward.schema``)."""

CALL_REASONS: dict[str, str] = {
    CALL_COUNT_MISMATCH: "the number of calls differs from the ground truth",
    WRONG_FUNCTION_NAME: "the multiset of function names differs",
    MISSING_ARGUMENT: "a ground-truth argument is absent",
    EXTRA_ARGUMENT: "an argument the ground truth does not have",
    WRONG_ARGUMENT_TYPE: "an argument value has a different JSON type",
    WRONG_ARGUMENT_VALUE: "an argument value differs",
}

REASONS: dict[str, str] = {
    OK: "structurally valid and functionally correct",
    **FORMAT_REASONS,
    **CALL_REASONS,
    BAD_RECORD: "the input record itself is malformed (CLI and batch files only)",
    INTERNAL_ERROR: "scoring this sample raised an unexpected error (logged; CLI and server only)",
}
