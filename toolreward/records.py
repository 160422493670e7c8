"""Records: input records to verdict records, for the command line and the server alike.

A record is a JSON object::

    {"id": "a1", "completion": "<think>...</think><tool_call>[...]</tool_call>",
     "ground_truth": [...], "tools": [...], "options": {...}}

``id``, ``tools`` and ``options`` (``score()`` keywords that override the
run's options for this record) are optional; other keys are ignored.  BFCL's
field names are accepted too: ``result`` for ``completion``,
``possible_answer`` for ``ground_truth``, ``function`` for ``tools``.  With
gold records (joined by ``id``) a record needs only ``id`` and ``completion``.
Under the ``bfcl`` preset the argument language follows the BFCL category
named by the ``id`` (``simple_java_3`` is Java).

Every record gets exactly one verdict record, ``{<position>, "id", "reward",
"format_ok", "calls_ok", "reason", "detail"}``; a record that cannot be
scored gets reason ``bad_record`` and a detail naming its position and the
fault.  Nothing here raises on a record.

>>> judge({"completion": "<think>r</think><tool_call>[]</tool_call>", "ground_truth": []},
...       "strict", {}, None, ("line", 1))["reason"]
'ok'
>>> judge({"completion": 5}, "strict", {}, None, ("index", 0))["detail"]
"record 0: missing or non-string 'completion'"
"""

from __future__ import annotations

import gzip
import json
import logging
import sys
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any, BinaryIO

from .bfcl.leaderboard import (
    NOT_SCORED,
    OTHER,
    RELEVANCE,
    bfcl_category,
    bfcl_table,
    category_language,
)
from .bfcl.preset import check_options, read_calls
from .errors import ToolRewardError
from .options import parse_options
from .parse import parse_with
from .reasons import BAD_RECORD, OK
from .results import Verdict, internal_error
from .verdict import score

LOG = logging.getLogger("toolreward")
Gold = dict[str, dict[str, Any]]
Line = str | bytes | dict[str, Any]
"""One input line: JSON text, its undecoded bytes, or a decoded record (a parquet row)."""
Position = tuple[str, int]
"""Where a record sits: ``("line", n)`` in a file, ``("index", i)`` in a request."""

_MISSING: Any = object()
_CHUNK = 512


class RecordError(ValueError):
    """A record that cannot be scored (it becomes a ``bad_record`` verdict)."""


class GoldFileError(ToolRewardError):
    """A gold file that cannot be used at all (the command line exits 2)."""


@dataclass(frozen=True)
class Fields:
    """Where a record keeps its parts: field names, or dotted paths into nested
    objects (``reward_model.ground_truth``, as verl's parquet rows have it).

    The default names also accept BFCL's (``result``, ``possible_answer``,
    ``function``).  A completion that is a list of chat messages is read from
    its last assistant message (the message itself for the ``openai`` and
    ``auto`` formats, else its ``content``).
    """

    completion: str = "completion"
    ground_truth: str = "ground_truth"
    tools: str = "tools"
    id: str = "id"

    def get(self, rec: dict[str, Any], name: str, missing: Any = None) -> Any:
        """The value of part ``name`` (``"completion"``, ...) in ``rec``, or ``missing``."""
        path = getattr(self, name)
        if path == name and name in _ALIASES and path not in rec:
            path = _ALIASES[name]
        node: Any = rec
        for step in path.split("."):
            if not isinstance(node, dict) or step not in node:
                return missing
            node = node[step]
        return node


_ALIASES = {"completion": "result", "ground_truth": "possible_answer", "tools": "function"}
DEFAULT_FIELDS = Fields()


def judge(
    rec: Any,
    preset: str,
    options: dict[str, Any],
    gold: Gold | None,
    position: Position,
    fields: Fields = DEFAULT_FIELDS,
    with_calls: bool = False,
) -> dict[str, Any]:
    """The verdict record of one input record; never raises.  With ``with_calls``
    it holds ``calls`` too: what the preset's reader found (``parsed_calls``)."""
    rec_id = fields.get(rec, "id") if isinstance(rec, dict) else None
    calls = None
    try:
        completion, truth, tools, own = prepare_record(rec, preset, options, gold, fields)
        verdict = score(completion, truth, tools=tools, preset=preset, **own)
        if with_calls:
            calls = parsed_calls(completion, preset, own)
    except (ToolRewardError, RecordError) as exc:
        out = bad_record(position, rec_id, str(exc))
        return {**out, "calls": None} if with_calls else out
    except Exception as exc:  # a bug: the record still gets its line, and the log says why
        where = "record" if position[0] == "index" else position[0]
        LOG.exception("scoring %s %s (id %r) raised", where, position[1], rec_id)
        verdict = internal_error(exc)
    out = {position[0]: position[1], "id": rec_id, **verdict.to_dict()}
    return {**out, "calls": calls} if with_calls else out


def bad_record(position: Position, rec_id: Any, message: str) -> dict[str, Any]:
    """The verdict record of a record that could not be scored."""
    where = "record" if position[0] == "index" else position[0]
    return {
        position[0]: position[1],
        "id": rec_id,
        "reward": 0.0,
        "format_ok": False,
        "calls_ok": False,
        "reason": BAD_RECORD,
        "detail": f"{where} {position[1]}: {message}",
    }


def score_record(
    rec: Any,
    preset: str,
    options: dict[str, Any],
    gold: Gold | None = None,
    fields: Fields = DEFAULT_FIELDS,
) -> Verdict:
    """Score one record (``RecordError``, or a ``ToolRewardError`` from ``score``, if bad)."""
    completion, truth, tools, options = prepare_record(rec, preset, options, gold, fields)
    return score(completion, truth, tools=tools, preset=preset, **options)


def prepare_record(
    rec: Any,
    preset: str,
    options: dict[str, Any],
    gold: Gold | None = None,
    fields: Fields = DEFAULT_FIELDS,
) -> tuple[Any, Any, Any, dict[str, Any]]:
    """``(completion, ground_truth, tools, options)`` of a record, as ``score`` takes them."""
    if not isinstance(rec, dict):
        raise RecordError(f"a record must be a JSON object, got {type(rec).__name__}")
    rec_id = fields.get(rec, "id")
    category = bfcl_category(rec_id) if preset == "bfcl" else None
    if category in NOT_SCORED:
        raise RecordError(f"BFCL category {category} is judged by execution: not scored here")
    own = rec.get("options")
    if own is not None and not isinstance(own, dict):
        raise RecordError("'options' must be an object of score() keywords")
    fmt = (own or {}).get("format", options.get("format"))
    completion = completion_of(fields.get(rec, "completion", _MISSING), fmt)
    if not isinstance(completion, (str, dict, list)):
        raise RecordError(f"missing or non-string {fields.completion!r}")
    if gold is not None:
        if rec_id is None:
            raise RecordError(f"missing {fields.id!r} (needed to join with the gold records)")
        ref = gold.get(id_key(rec_id))
        if ref is None:
            raise RecordError(f"no gold record with id {rec_id!r}")
        truth, tools = ref["ground_truth"], ref.get("tools")
    else:
        truth = fields.get(rec, "ground_truth", _MISSING)
        tools = fields.get(rec, "tools")
    if truth is _MISSING:
        if category not in RELEVANCE:  # BFCL's relevance entries have no answer
            raise RecordError(f"missing {fields.ground_truth!r}")
        truth = []
    if own is not None:
        options = {**options, **own}
    if category is not None:
        language = category_language(category)
        if language != "python" and "language" not in options:
            options = {**options, "language": language}
        if category == "live_relevance" and "relevance" not in options:
            options = {**options, "relevance": True}  # any call passes (BFCL's rule)
    return completion, truth, tools, options


def parsed_calls(completion: Any, preset: str, options: dict[str, Any]) -> list[Any] | None:
    """The calls the preset's reader finds in ``completion`` (as dicts), or ``None``
    when the format is not valid; ``None`` for the ``tool_n1`` preset, whose
    reading is the paper's own."""
    if preset == "tool_n1":
        return None
    if preset == "bfcl":
        if not isinstance(completion, str):
            return None
        error, _, calls = read_calls(completion, check_options(options))
    else:
        parsed = parse_with(completion, parse_options(options))
        error, calls = parsed.error, parsed.calls
    return None if error is not None or calls is None else [c.to_dict() for c in calls]


def completion_of(value: Any, fmt: str | None) -> Any:
    """The completion a record's field holds: text as is; for a list of chat
    messages, the last assistant message (whole for the ``openai`` and
    ``auto`` formats, else its ``content``).  A message or call list is kept
    for those two formats; anything else comes back as ``None`` (refused)."""
    if isinstance(value, list) and value and all(isinstance(m, dict) for m in value):
        replies = [m for m in value if m.get("role") == "assistant"]
        if replies:
            message = replies[-1]
            return message if fmt in ("openai", "auto") else message.get("content")
    if isinstance(value, (dict, list)) and fmt not in ("openai", "auto"):
        return None
    return value


def id_key(value: Any) -> str:
    """The join key of a record id (ids of any JSON type)."""
    return json.dumps(value, sort_keys=True)


def load_gold(path: str) -> Gold:
    """Gold records by id from a JSONL file (``GoldFileError`` naming FILE:LINE if unusable)."""
    gold: Gold = {}
    try:
        with open_input(path) as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    raise GoldFileError(f"{path}:{n}: empty line in gold file")
                rec, problem = read_json(line)
                if problem is not None:
                    raise GoldFileError(f"{path}:{n}: {problem}")
                if not isinstance(rec, dict) or "id" not in rec or "ground_truth" not in rec:
                    raise GoldFileError(f"{path}:{n}: a gold record needs 'id' and 'ground_truth'")
                key = id_key(rec["id"])
                if key in gold:
                    raise GoldFileError(f"{path}:{n}: duplicate id {rec['id']!r}")
                gold[key] = rec
    except (OSError, EOFError) as exc:
        raise GoldFileError(f"cannot read gold file: {exc}") from None
    return gold


def open_input(path: str) -> BinaryIO:
    """``path`` (``-`` is standard input) opened for reading bytes, gunzipped
    when it starts with the gzip magic number.  Lines split at ``\\n`` only."""
    raw: BinaryIO = sys.stdin.buffer if path == "-" else open(path, "rb")  # noqa: SIM115
    head = raw.peek(2)[:2] if hasattr(raw, "peek") else b""
    if head == b"\x1f\x8b":
        return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
    return raw


# --- JSONL lines ---------------------------------------------------------------


def judge_line(
    line_no: int,
    line: str | bytes | dict[str, Any],
    preset: str,
    options: dict[str, Any],
    gold: Gold | None,
    fields: Fields = DEFAULT_FIELDS,
    with_calls: bool = False,
) -> dict[str, Any]:
    """The verdict record of one JSONL line (text, bytes to decode as UTF-8, or
    an already decoded record such as a parquet row); never raises."""
    position = ("line", line_no)
    if isinstance(line, dict):
        return judge(line, preset, options, gold, position, fields, with_calls)
    problem: str | None = None
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            problem = f"not UTF-8: byte {exc.start} is {line[exc.start]:#04x}"
    if problem is None and not line.strip():
        problem = "empty line"
    if problem is None:
        rec, problem = read_json(line)
        if problem is None:
            return judge(rec, preset, options, gold, position, fields, with_calls)
    out = bad_record(position, None, problem)
    return {**out, "calls": None} if with_calls else out


def read_json(text: str | bytes) -> tuple[Any, str | None]:
    """``(value, None)``, or ``(None, what is wrong)``: JSON input never raises.

    Besides syntax errors, Python's decoder raises ``RecursionError`` on deep
    nesting and ``ValueError`` on integers of over 4,300 digits.
    """
    try:
        return json.loads(text), None
    except json.JSONDecodeError as exc:
        return None, f"not JSON: {exc}"
    except RecursionError:
        return None, "not JSON: nested too deeply"
    except ValueError as exc:  # integer digit limit, or bytes that are not UTF-8
        return None, f"not JSON: {exc}"[:200]


def judge_lines(
    lines: Iterable[Line],
    preset: str,
    options: dict[str, Any],
    gold: Gold | None,
    workers: int = 1,
    fields: Fields = DEFAULT_FIELDS,
    with_calls: bool = False,
) -> Iterator[dict[str, Any]]:
    """One verdict record per line, in input order, streaming (bounded memory)."""
    args = (preset, options, gold, fields, with_calls)
    if workers == 1:
        for chunk in _chunks(lines):
            yield from _judge_chunk(chunk, *args)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending = []
        for chunk in _chunks(lines):
            pending.append(pool.submit(_judge_chunk, chunk, *args))
            if len(pending) >= 2 * workers:
                yield from pending.pop(0).result()
        for job in pending:
            yield from job.result()


def _judge_chunk(
    chunk: list[tuple[int, Line]],
    preset: str,
    options: dict[str, Any],
    gold: Gold | None,
    fields: Fields,
    with_calls: bool,
) -> list[dict[str, Any]]:
    return [judge_line(n, line, preset, options, gold, fields, with_calls) for n, line in chunk]


def _chunks(lines: Iterable[Line]) -> Iterator[list[tuple[int, Line]]]:
    chunk: list[tuple[int, Line]] = []
    for n, line in enumerate(lines, 1):
        chunk.append((n, line))
        if len(chunk) == _CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# --- summaries -------------------------------------------------------------------


def reason_counts(reasons: Iterable[str]) -> dict[str, int]:
    """How often each reason code occurs, most frequent first (ties by name).

    >>> reason_counts(["ok", "trailing_text", "ok"])
    {'ok': 2, 'trailing_text': 1}
    """
    counts: dict[str, int] = {}
    for reason in reasons:
        counts[reason] = counts.get(reason, 0) + 1
    return most_common(counts)


def most_common(counts: dict[str, int]) -> dict[str, int]:
    """``counts`` ordered most frequent first (ties by name)."""
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def reason_shares(reasons: Iterable[str]) -> dict[str, float]:
    """The share of each reason code among ``reasons``, by code name.

    >>> reason_shares(["ok", "trailing_text", "ok", "ok"])
    {'ok': 0.75, 'trailing_text': 0.25}
    """
    counts = reason_counts(reasons)
    total = sum(counts.values())
    return {code: counts[code] / total for code in sorted(counts)}


class Summary:
    """Running totals of verdict records (and, for BFCL runs, per category),
    with the first ``examples`` verdicts of every failing reason."""

    def __init__(self, by_category: bool = False, examples: int = 3) -> None:
        self.records = 0
        self.reward = 0.0
        self.format_ok = 0
        self.reasons: dict[str, int] = {}
        self.by_category = by_category
        self.categories: dict[str, list[float]] = {}
        self.not_scored: dict[str, int] = {}
        self.max_examples = examples
        self.examples: dict[str, list[dict[str, Any]]] = {}

    def add(self, out: dict[str, Any]) -> None:
        """Count one verdict record."""
        self.records += 1
        self.reward += out["reward"]
        self.format_ok += bool(out["format_ok"])
        reason = out["reason"]
        self.reasons[reason] = self.reasons.get(reason, 0) + 1
        if reason != OK:
            shown = self.examples.setdefault(reason, [])
            if len(shown) < self.max_examples:
                where = "line" if "line" in out else "index"
                shown.append(
                    {where: out.get(where), "id": out.get("id"), "detail": out.get("detail", "")}
                )
        if self.by_category:
            category = bfcl_category(out["id"])
            if category in NOT_SCORED:
                self.not_scored[category] = self.not_scored.get(category, 0) + 1
                return
            totals = self.categories.setdefault(category, [0.0, 0.0])
            totals[0] += out["reward"]
            totals[1] += 1

    @property
    def bad_records(self) -> int:
        """How many records could not be scored."""
        return self.reasons.get(BAD_RECORD, 0)

    def as_dict(self) -> dict[str, Any]:
        """The totals as JSON-ready figures."""
        n = self.records or 1
        out = {
            "records": self.records,
            "mean_reward": self.reward / n,
            "format_ok_rate": self.format_ok / n,
            "bad_records": self.bad_records,
            "reasons": most_common(self.reasons),
            "examples": {
                r: self.examples[r] for r in most_common(self.reasons) if r in self.examples
            },
        }
        if self.by_category and (set(self.categories) - {OTHER} or self.not_scored):
            out["bfcl"] = {**bfcl_table(self.categories), "not_scored": dict(self.not_scored)}
        return out
