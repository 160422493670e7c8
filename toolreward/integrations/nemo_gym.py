"""NeMo Gym: ``POST /verify`` of ``toolreward serve`` speaks a resources server's schema.

NeMo Gym (NVIDIA-NeMo/Gym, ``nemo_gym/base_resources_server.py``) posts a
``BaseVerifyRequest``: ``responses_create_params`` (the OpenAI Responses
request, whose ``tools`` are the tool specs), ``response`` (the Responses API
result, whose ``output`` holds ``reasoning``, ``message`` and
``function_call`` items) and the dataset row's own fields, here
``ground_truth``.  The answer is the request plus ``reward`` (a
``BaseVerifyResponse``), with ``format_ok`` and ``calls_ok`` as top-level
numbers (NeMo Gym aggregates those) and ``reason`` and ``detail``.

The calls are read from the first assistant turn: the output items before
the first ``function_call_output`` (a tool result), as for TRL's tool
execution.  The preset and options come from a ``toolreward`` object in the
request (``{"preset": "strict", "think": "required"}``), then from the
server's defaults.

>>> call = {"type": "function_call", "name": "f", "arguments": '{"a": 1}'}
>>> body = {"responses_create_params": {"input": "q"}, "response": {"output": [call]},
...         "ground_truth": [{"name": "f", "arguments": {"a": 1}}]}
>>> verify(body)["reward"]
1.0
"""

from __future__ import annotations

from typing import Any

from toolreward.errors import ToolRewardError
from toolreward.integrations.common import options_from, score_row


class VerifyRequestError(ToolRewardError):
    """A ``/verify`` body that does not have the resources-server shape."""


def message_of_response(response: Any) -> dict[str, Any]:
    """The first assistant turn of a Responses API result as an OpenAI chat message."""
    if not isinstance(response, dict) or not isinstance(response.get("output"), list):
        raise VerifyRequestError("'response.output' must be a list of output items")
    texts: list[str] = []
    reasoning: list[str] = []
    calls: list[dict[str, Any]] = []
    for i, item in enumerate(response["output"]):
        if not isinstance(item, dict):
            raise VerifyRequestError(f"response.output[{i}] must be an object")
        kind = item.get("type")
        if kind == "function_call_output":
            break  # a tool result: the first turn is over
        if kind == "function_call":
            calls.append(
                {
                    "type": "function",
                    "function": {"name": item.get("name"), "arguments": item.get("arguments")},
                }
            )
        elif kind == "reasoning":
            reasoning += _texts(item.get("content")) or _texts(item.get("summary"))
        elif kind == "message":
            texts += _texts(item.get("content"))
    message: dict[str, Any] = {"role": "assistant", "content": "".join(texts) or None}
    if calls:
        message["tool_calls"] = calls
    if reasoning:
        message["reasoning_content"] = "\n".join(reasoning)
    return message


def _texts(parts: Any) -> list[str]:
    if isinstance(parts, str):
        return [parts]
    if not isinstance(parts, list):
        return []
    return [p["text"] for p in parts if isinstance(p, dict) and isinstance(p.get("text"), str)]


def verify(
    body: Any, preset: str = "strict", options: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The ``BaseVerifyResponse`` for a ``BaseVerifyRequest`` body (see module docstring).

    A body of the wrong shape raises ``VerifyRequestError``; a ground truth or
    tool list the scorer refuses raises its ``ToolRewardError``.
    """
    if not isinstance(body, dict):
        raise VerifyRequestError("the body must be a JSON object")
    params = body.get("responses_create_params")
    if not isinstance(params, dict):
        raise VerifyRequestError("'responses_create_params' must be an object")
    if "ground_truth" not in body:
        raise VerifyRequestError("'ground_truth' is missing (a field of the dataset row)")
    own = body.get("toolreward")
    if own is not None and not isinstance(own, dict):
        raise VerifyRequestError("'toolreward' must be an object of preset and options")
    preset, merged = options_from({"preset": preset, **(options or {})}, own or {})
    merged["format"] = "openai"
    message = message_of_response(body.get("response"))
    verdict = score_row(message, body["ground_truth"], params.get("tools"), preset, merged)
    return {
        **body,
        "reward": verdict.reward,
        "format_ok": float(verdict.format_ok),
        "calls_ok": float(verdict.calls_ok),
        "reason": verdict.reason,
        "detail": verdict.detail,
    }
