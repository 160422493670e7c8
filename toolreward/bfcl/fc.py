"""BFCL's result format for FC models: the calls, already split out by the model's API.

``bfcl generate`` stores an FC model's output as a list of one-key objects,
``[{"get_weather": "{\\"city\\": \\"Paris\\"}"}]``: the function name, then its
arguments as the API returned them, a JSON text (OpenAI, Claude, Mistral
handlers) or an object (Gemini's).  BFCL decodes each with
``json.loads`` (``bfcl_eval/model_handler/api_inference/openai_completion.py``,
``decode_ast``, bfcl-eval 2026.3.23).  A model that answered in text instead
has a string result, which BFCL fails to decode: no call.

``fc_calls`` returns ``(error, detail, calls)`` as the text readers do.

>>> fc_calls([{"get_weather": '{"city": "Paris"}'}])[2]
[ToolCall(name='get_weather', arguments={'city': 'Paris'})]
>>> fc_calls("I cannot help with that.")[0]
'missing_tool_call'
"""

from __future__ import annotations

from typing import Any

from .. import reasons as R
from ..calls import ToolCall
from ..jsonio import strict_loads


def fc_calls(result: Any) -> tuple[str | None, str, list[ToolCall] | None]:
    """The calls of an FC result, or the reason it holds none that BFCL could decode."""
    if type(result) is not list:
        return R.MISSING_TOOL_CALL, "FC result is text, not a list of calls", None
    calls: list[ToolCall] = []
    for i, item in enumerate(result):
        if type(item) is not dict or not item:
            return R.CALL_NOT_OBJECT, f"FC result [{i}]: expected {{name: arguments}}", None
        name = next(iter(item))
        args = item[name]
        if type(args) is str:
            args, reason, message = strict_loads(args)
            if reason is not None:
                return reason, f"FC result [{i}] {name}: {message}", None
        if type(args) is not dict or type(name) is not str:
            return (
                R.ARGUMENTS_NOT_OBJECT,
                f"FC result [{i}] {name}: arguments are not an object "
                "(BFCL: decoder_wrong_output_format)",
                None,
            )
        calls.append(ToolCall(name, args))
    return None, "", calls
