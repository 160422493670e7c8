"""Readers of the Tool-N1 training sources: xLAM-60k and ToolACE, as their published files are.

Each reader yields, per source record, either ``Sample``s (a chat, its
tools, the calls it should produce) or one ``Rejected`` naming the file,
the line and why; nothing is dropped silently.  The processing follows the
Tool-N1 paper's own (NVlabs/Tool-N1 ``data_process/raw_data_process.py``):

* **xLAM** (Salesforce/xlam-function-calling-60k): ``query``, ``tools`` and
  ``answers``, the last two JSON text.  One sample: the query as the user
  message, the answers as the ground truth.
* **ToolACE**: ``system`` (whose tool list follows "JSON format that you
  can invoke:") and ``conversations`` (``from`` = user/human,
  assistant/gpt, tool/observation).  An assistant turn written as a Python
  call list (``[f(a=1)]``, read by toolreward's safe ``pythonic`` reader,
  never evaluated) is a call turn: one sample per call turn, with the
  conversation before it as history.  With ``include_no_call`` (the
  paper's setting for multi-turn data), each plain-text assistant turn is a
  sample whose ground truth is ``[]``.
* Every answer must name one of the sample's tools (the paper's filter);
  otherwise the record is rejected with that reason.

Tools are written as OpenAI function specs with JSON-Schema parameters
(``tools_as_specs``): xLAM's ``{"param": {"type": "str, optional", ...}}``
and ToolACE's ``"type": "dict"`` are translated, so the ``strict`` preset can
check arguments against them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..formats.scan import split_top_level
from ..parse import parse

Message = dict[str, str]


@dataclass
class Sample:
    """One training example: the chat before the model's turn, tools, and the answer calls."""

    source: str
    where: str
    messages: list[Message]
    tools: list[dict[str, Any]]
    answer: list[dict[str, Any]]
    tags: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Rejected:
    """A source record that gives no sample, and why."""

    where: str
    reason: str


Item = Sample | Rejected


def read_rows(path: Path) -> Iterator[tuple[str, Any]]:
    """``(where, row)`` of a ``.jsonl``, ``.json`` (a list) or ``.parquet`` file; a line that
    is not JSON is yielded as its error text."""
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq  # type: ignore[import-untyped]

        for i, row in enumerate(pq.read_table(path).to_pylist()):
            yield f"{path}:row {i}", row
        return
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json" and text.lstrip().startswith("["):
        try:
            rows = json.loads(text)
        except json.JSONDecodeError as err:
            yield f"{path}", f"not valid JSON: {err}"
            return
        for i, row in enumerate(rows):
            yield f"{path}:item {i}", row
        return
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            try:
                yield f"{path}:{number}", json.loads(line)
            except json.JSONDecodeError as err:
                yield f"{path}:{number}", f"not valid JSON: {err}"


# --- xLAM ----------------------------------------------------------------------------


def read_xlam(path: Path) -> Iterator[Item]:
    """Samples of an xLAM-60k file (one per record)."""
    for where, row in read_rows(path):
        if isinstance(row, str):
            yield Rejected(where, row)
            continue
        try:
            yield _xlam_sample(where, row)
        except _Bad as bad:
            yield Rejected(where, str(bad))


def _xlam_sample(where: str, row: Any) -> Sample:
    if not isinstance(row, dict):
        raise _Bad("a record must be an object")
    missing = [k for k in ("query", "tools", "answers") if k not in row]
    if missing:
        raise _Bad(f"missing {', '.join(missing)}")
    if not isinstance(row["query"], str) or not row["query"].strip():
        raise _Bad("query is not a non-empty string")
    tools = _json_field(row["tools"], "tools")
    answers = _json_field(row["answers"], "answers")
    if not isinstance(tools, list) or not all(isinstance(t, dict) for t in tools):
        raise _Bad("tools is not a list of objects")
    calls = _calls(answers, "answers")
    specs = tools_as_specs(tools)
    _check_names(calls, specs)
    return Sample("xlam", where, [{"role": "user", "content": row["query"]}], specs, calls)


# --- ToolACE -------------------------------------------------------------------------

_TOOLS_MARKER = "JSON format that you can invoke:"
_ROLES = {"user": "user", "human": "user", "assistant": "assistant", "gpt": "assistant",
          "tool": "tool", "observation": "tool", "function": "tool"}  # fmt: skip


def read_toolace(path: Path, include_no_call: bool = False) -> Iterator[Item]:
    """Samples of a ToolACE file: one per assistant call turn (and, with
    ``include_no_call``, one per plain-text assistant turn)."""
    for where, row in read_rows(path):
        if isinstance(row, str):
            yield Rejected(where, row)
            continue
        try:
            samples = list(_toolace_samples(where, row, include_no_call))
        except _Bad as bad:
            yield Rejected(where, str(bad))
            continue
        if not samples:
            yield Rejected(where, "no assistant call turn")
        yield from samples


def _toolace_samples(where: str, row: Any, include_no_call: bool) -> Iterator[Sample]:
    if not isinstance(row, dict) or not isinstance(row.get("system"), str):
        raise _Bad("needs a 'system' string")
    turns = row.get("conversations")
    if not isinstance(turns, list) or not turns:
        raise _Bad("needs a non-empty 'conversations' list")
    tools = _tools_from_system(row["system"])
    specs = tools_as_specs(tools)
    history: list[Message] = []
    for i, turn in enumerate(turns):
        if not isinstance(turn, dict) or not isinstance(turn.get("value"), str):
            raise _Bad(f"conversations[{i}] needs 'from' and a string 'value'")
        role = _ROLES.get(str(turn.get("from")).lower())
        if role is None:
            raise _Bad(f"conversations[{i}]: unknown role {turn.get('from')!r}")
        value = turn["value"]
        calls = _python_calls(value) if role == "assistant" else None
        if calls is not None:
            if not history:
                raise _Bad(f"conversations[{i}]: a call with no user turn before it")
            _check_names(calls, specs)
            kind = "toolace_multi_turn" if len(history) >= 2 else "toolace_single_turn"
            yield Sample(kind, f"{where} turn {i}", list(history), specs, calls)
            history.append({"role": "assistant", "content": _call_text(calls)})
            continue
        if role == "assistant" and include_no_call and history:
            kind = "toolace_multi_turn" if len(history) >= 2 else "toolace_single_turn"
            yield Sample(kind, f"{where} turn {i}", list(history), specs, [], ["no_call"])
        history.append({"role": role, "content": value})


def _tools_from_system(system: str) -> list[Any]:
    at = system.find(_TOOLS_MARKER)
    if at == -1:
        raise _Bad(f"system prompt lacks {_TOOLS_MARKER!r} before its tool list")
    start = system.find("[", at)
    if start == -1:
        raise _Bad("no tool list after the marker in the system prompt")
    try:
        tools, _ = json.JSONDecoder().raw_decode(system, start)
    except json.JSONDecodeError as err:
        raise _Bad(f"the tool list in the system prompt is not JSON: {err}") from None
    if not isinstance(tools, list) or not tools or not all(isinstance(t, dict) for t in tools):
        raise _Bad("the system prompt's tool list is not a non-empty list of objects")
    return tools


def _python_calls(value: str) -> list[dict[str, Any]] | None:
    """The calls of an assistant turn written as a Python call list, else ``None``.

    ToolACE's function names may hold spaces (``[Get Weather(city="Paris")]``), which
    Python cannot parse: each call is split off at top-level commas, its name is
    the text before ``(``, and its arguments are read by the ``pythonic`` reader.
    """
    text = value.strip()
    if not (text.startswith("[") and text.endswith("]")) or text == "[]":
        return None
    calls = []
    for piece in split_top_level(text, 1, len(text) - 1):
        piece = piece.strip()
        paren = piece.find("(")
        name = piece[:paren].strip() if paren > 0 else ""
        if not name or not piece.endswith(")") or not _CALL_NAME.fullmatch(name):
            return None
        parsed = parse("[f" + piece[paren:] + "]", format="pythonic")
        if parsed.error is not None or parsed.calls is None or len(parsed.calls) != 1:
            return None
        calls.append({"name": name, "arguments": parsed.calls[0].arguments})
    return calls or None


_CALL_NAME = re.compile(r"[A-Za-z_][\w .\-]*")


def _call_text(calls: list[dict[str, Any]]) -> str:
    """An earlier call turn in the history, written in the Tool-N1 answer format."""
    return "<tool_call>" + json.dumps(calls, ensure_ascii=False) + "</tool_call>"


# --- shared --------------------------------------------------------------------------


class _Bad(Exception):
    pass


def _json_field(value: Any, name: str) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except json.JSONDecodeError as err:
            raise _Bad(f"{name}: not valid JSON: {err}") from None
    return value


def _calls(value: Any, name: str) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        raise _Bad(f"{name} is not a list")
    calls = []
    for i, item in enumerate(value):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"]:
            raise _Bad(f"{name}[{i}] has no name")
        args = item.get("arguments", {})
        if not isinstance(args, dict):
            raise _Bad(f"{name}[{i}] arguments are not an object")
        calls.append({"name": item["name"], "arguments": args})
    return calls


def _check_names(calls: list[dict[str, Any]], specs: list[dict[str, Any]]) -> None:
    names = {spec["function"]["name"] for spec in specs}
    unknown = sorted({c["name"] for c in calls} - names)
    if unknown:
        raise _Bad(f"answer calls {', '.join(unknown)}, which is not among the tools")


_XLAM_TYPES = {"str": "string", "string": "string", "int": "integer", "integer": "integer",
               "float": "number", "number": "number", "bool": "boolean", "boolean": "boolean",
               "list": "array", "tuple": "array", "set": "array", "array": "array",
               "dict": "object", "object": "object", "any": None}  # fmt: skip
_BASE_TYPE = re.compile(r"\s*(\w+)")


def tools_as_specs(tools: list[Any]) -> list[dict[str, Any]]:
    """Tools as OpenAI function specs with JSON-Schema parameters.

    xLAM's parameters (``{"p": {"type": "List[str], optional", "default": ...}}``)
    become properties typed by the base type name (``List`` -> ``array``,
    ``str`` -> ``string``, ...; an unknown name leaves the property untyped),
    required unless marked ``optional`` or given a default.  Schemas already in
    JSON-Schema form (ToolACE's) keep their shape; BFCL-style ``dict`` and
    ``float`` types become ``object`` and ``number``.

    >>> spec = tools_as_specs([{"name": "f", "description": "d", "parameters": {
    ...     "q": {"type": "str"}, "n": {"type": "int, optional", "default": 3}}}])[0]
    >>> spec["function"]["parameters"]["properties"], spec["function"]["parameters"]["required"]
    ({'q': {'type': 'string'}, 'n': {'type': 'integer', 'default': 3}}, ['q'])
    """
    specs = []
    for i, tool in enumerate(tools):
        spec = tool.get("function", tool) if isinstance(tool, dict) else None
        if not isinstance(spec, dict) or not isinstance(spec.get("name"), str):
            raise _Bad(f"tools[{i}] has no name")
        params = spec.get("parameters") or {}
        if not isinstance(params, dict):
            raise _Bad(f"tools[{i}] parameters are not an object")
        if "properties" in params or params.get("type") in ("object", "dict"):
            schema = _json_schema(params)
        else:
            schema = _from_xlam(params, i)
        out = {"name": spec["name"], "description": str(spec.get("description", "")),
               "parameters": schema}  # fmt: skip
        specs.append({"type": "function", "function": out})
    return specs


def _json_schema(node: Any) -> Any:
    if isinstance(node, dict):
        out = {k: _json_schema(v) for k, v in node.items()}
        kind = out.get("type")
        if kind == "dict":
            out["type"] = "object"
        elif kind == "float":
            out["type"] = "number"
        elif kind == "tuple":
            out["type"] = "array"
        return out
    if isinstance(node, list):
        return [_json_schema(v) for v in node]
    return node


def _from_xlam(params: dict[str, Any], i: int) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    required = []
    for name, info in params.items():
        if not isinstance(info, dict):
            raise _Bad(f"tools[{i}].parameters.{name} is not an object")
        declared = str(info.get("type", ""))
        prop: dict[str, Any] = {}
        base = _BASE_TYPE.match(declared)
        kind = _XLAM_TYPES.get(base.group(1).lower()) if base else None
        if kind is not None:
            prop["type"] = kind
        if "description" in info:
            prop["description"] = info["description"]
        if "default" in info and info["default"] not in ("", None):
            prop["default"] = info["default"]
        properties[name] = prop
        if "optional" not in declared.lower() and "default" not in prop:
            required.append(name)
    return {"type": "object", "properties": properties, "required": required}
