"""Training records and the prompts built from them.

A record is one JSON object (a JSONL line or a parquet row) with:

* ``messages`` (a chat: ``[{"role": ..., "content": ...}, ...]``) or
  ``prompt`` (a user message as a string, or a chat);
* ``tools``: OpenAI-style function specs (a list, or a JSON string), optional;
* ``ground_truth``: any shape :func:`toolreward.score` accepts.

verl's RL parquet layout is read too (``examples/verl/preprocess.py`` and
``toolreward data`` write it): ``prompt`` (the chat, its system prompt
already holding the tools), ``reward_model.ground_truth`` and
``extra_info.tools``; its prompt is used as it is.

Records are validated when loaded; a bad one raises ``ConfigError`` naming
its file and line, so no record is silently dropped.

>>> ex = example_from_record({"prompt": "Weather in Oslo?", "tools": [{"name": "w"}],
...     "ground_truth": [{"name": "w", "arguments": {}}]}, "mem:1", "tool_n1", "")
>>> [m["role"] for m in ex.messages]
['system', 'user']
>>> ex.messages[0]["content"].splitlines()[3]
'{"type": "function", "function": {"name": "w"}}'
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ConfigError, ToolRewardError
from ..ground_truth import load_ground_truth
from ..prompts import tool_n1_system_prompt
from ..tools import load_tools


@dataclass(frozen=True)
class Example:
    """One prompt ready to render: the chat, its tools and its ground truth.

    ``ground_truth`` is kept as JSON text so the scorer's parse cache serves
    all ``n`` completions of a group from one parse.
    """

    messages: tuple[dict[str, str], ...]
    tools: Any
    ground_truth: str
    where: str


def load_examples(path: str | Path, system_prompt: str, preamble: str) -> list[Example]:
    """Read a ``.jsonl``/``.json`` or ``.parquet`` file of records into examples."""
    path = Path(path)
    if not path.exists():
        raise ConfigError(f"data file not found: {path}")
    rows = _parquet_rows(path) if path.suffix == ".parquet" else _jsonl_rows(path)
    examples = [
        example_from_record(record, where, system_prompt, preamble) for where, record in rows
    ]
    if not examples:
        raise ConfigError(f"{path}: no records")
    return examples


def _jsonl_rows(path: Path) -> list[tuple[str, Any]]:
    rows = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                rows.append((where, json.loads(line)))
            except json.JSONDecodeError as err:
                raise ConfigError(f"{where}: not valid JSON: {err}") from None
    return rows


def _parquet_rows(path: Path) -> list[tuple[str, Any]]:
    try:
        import pyarrow.parquet as pq  # type: ignore[import-untyped]
    except ImportError:
        raise ConfigError("reading parquet needs pyarrow: pip install pyarrow") from None
    table = pq.read_table(path)
    return [(f"{path}:row {i}", row) for i, row in enumerate(table.to_pylist())]


def example_from_record(record: Any, where: str, system_prompt: str, preamble: str) -> Example:
    """Validate one record and build its chat; ``ConfigError`` names ``where`` and the fault."""
    if not isinstance(record, dict):
        raise ConfigError(f"{where}: a record must be an object")
    verl_layout = "ground_truth" not in record and isinstance(record.get("reward_model"), dict)
    if verl_layout:
        info = record.get("extra_info")
        extra: dict[str, Any] = info if isinstance(info, dict) else {}
        if "ground_truth" not in record["reward_model"]:
            raise ConfigError(f"{where}: missing key 'reward_model.ground_truth'")
        record = {
            "prompt": record.get("prompt"),
            "tools": record.get("tools", extra.get("tools")),
            "ground_truth": record["reward_model"]["ground_truth"],
        }
    messages = _messages(record, where)
    tools = record.get("tools")
    if isinstance(tools, str):
        try:
            tools = json.loads(tools) if tools.strip() else None
        except json.JSONDecodeError as err:
            raise ConfigError(f"{where}: tools: not valid JSON: {err}") from None
    if "ground_truth" not in record:
        raise ConfigError(
            f"{where}: missing key 'ground_truth' (or verl's 'reward_model.ground_truth')"
        )
    truth = record["ground_truth"]
    try:
        load_ground_truth(truth)
        load_tools(tools)
    except ToolRewardError as err:
        raise ConfigError(f"{where}: {err}") from None
    if not isinstance(truth, str):
        truth = json.dumps(truth.tolist() if hasattr(truth, "tolist") else truth)
    if system_prompt == "tool_n1" and not verl_layout:
        messages = _with_tools(messages, tools or [], preamble)
    return Example(tuple(messages), tools, truth, where)


def _messages(record: dict[str, Any], where: str) -> list[dict[str, str]]:
    chat = record.get("messages", record.get("prompt"))
    if chat is None:
        raise ConfigError(f"{where}: needs 'messages' or 'prompt'")
    if isinstance(chat, str):
        return [{"role": "user", "content": chat}]
    if hasattr(chat, "tolist") and not isinstance(chat, list):
        chat = chat.tolist()
    if not isinstance(chat, list) or not chat:
        raise ConfigError(f"{where}: messages must be a non-empty list")
    out = []
    for i, message in enumerate(chat):
        if (
            not isinstance(message, dict)
            or not isinstance(message.get("role"), str)
            or not isinstance(message.get("content"), str)
        ):
            raise ConfigError(f"{where}: messages[{i}] needs string 'role' and 'content'")
        out.append({"role": message["role"], "content": message["content"]})
    if out[-1]["role"] == "assistant":
        raise ConfigError(f"{where}: the last message is the assistant's; the policy writes it")
    return out


def _with_tools(
    messages: list[dict[str, str]], tools: list[Any], preamble: str
) -> list[dict[str, str]]:
    specs = [tool.get("function", tool) if isinstance(tool, dict) else tool for tool in tools]
    if messages[0]["role"] == "system":
        system = tool_n1_system_prompt(specs, preamble=messages[0]["content"])
        return [{"role": "system", "content": system}, *messages[1:]]
    return [{"role": "system", "content": tool_n1_system_prompt(specs, preamble)}, *messages]
