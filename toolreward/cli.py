"""Command line: ``toolreward score FILE`` (plus ``serve``, ``train`` and ``plot``).

Input is JSONL, one record per line::

    {"id": "a1", "completion": "<think>...</think><tool_call>[...]</tool_call>",
     "ground_truth": [...], "tools": [...]}

``id``, ``tools`` and ``options`` (an object of ``score()`` keywords that
override the command-line options for this record) are optional; other keys
are ignored.  BFCL's field names are accepted too: ``result`` for
``completion``, ``possible_answer`` for ``ground_truth``, ``function`` for
``tools``.  With ``--preset bfcl`` the summary adds BFCL's per-category
accuracy table (category from the entry ``id``) with Non-Live, Live and
Overall.  With
``--gold GOLD.jsonl`` the predictions need only ``id`` and ``completion``;
``ground_truth`` (and ``tools``) come from the gold record with the same id.

Every input line yields exactly one output line (``--out``), in input order.
A line that is not a valid record is scored ``bad_record`` with its line
number and the reason; it is counted and never stops the run.

Exit codes: 0 all records scored; 1 at least one ``bad_record``; 2 usage
error (bad option, unreadable file, bad gold file).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TextIO

from . import __version__
from .errors import ToolRewardError
from .options import OPTION_NAMES, THINK_MODES
from .reasons import BAD_RECORD
from .verdict import PRESETS, check_config, score

EXIT_OK, EXIT_BAD_RECORDS, EXIT_USAGE = 0, 1, 2
_CHUNK = 512


class UsageError(Exception):
    """A problem with the command line or the gold file (exit code 2)."""


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="toolreward",
        description="Judge LLM tool calls with an exact, strict binary reward.",
    )
    ap.add_argument("--version", action="version", version=f"toolreward {__version__}")
    sub = ap.add_subparsers(dest="command", required=True)
    sc = sub.add_parser(
        "score",
        help="score a JSONL file of completions",
        description="Score a JSONL file; one verdict per input line. "
        "Exit codes: 0 ok, 1 some bad records, 2 usage error.",
    )
    sc.add_argument("file", help="JSONL records, or - for standard input")
    sc.add_argument("--gold", help="JSONL gold records joined to FILE by 'id'")
    sc.add_argument("--preset", default="strict", choices=PRESETS)
    sc.add_argument("--format", default=None, help="tool-call format (default: tool_n1)")
    sc.add_argument("--think", choices=THINK_MODES, default=None)
    for name in OPTION_NAMES:
        if name.startswith(("allow_", "think_")):
            sc.add_argument(f"--{name.replace('_', '-')}", action="store_true", default=None)
    sc.add_argument("--out", help="write one verdict per input line to this JSONL file")
    sc.add_argument("--json", action="store_true", help="print the summary as JSON")
    sc.add_argument("--workers", type=int, default=1, help="scoring processes (default 1)")
    sc.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    sv = sub.add_parser(
        "serve",
        help="run the reward HTTP server (needs toolreward[server])",
        description="Serve POST /get_reward (OpenRLHF), POST /score and GET /health.",
    )
    sv.add_argument("--host", default="127.0.0.1")
    sv.add_argument("--port", type=int, default=8000)
    sv.add_argument("--workers", type=int, default=None, help="scoring processes (CPU count)")
    sv.add_argument("--max-body-bytes", type=int, default=32 * 1024 * 1024)
    sv.add_argument("--max-batch", type=int, default=4096)
    sv.add_argument("--timeout", type=float, default=120.0, help="seconds per request")
    tr = sub.add_parser(
        "train",
        help="run the reference GRPO loop (needs toolreward[train])",
        description="Train a policy with GRPO on this reward; see docs/grpo.md.",
    )
    tr.add_argument("--config", required=True, help="YAML or JSON config file")
    tr.add_argument(
        "--set", action="append", default=[], metavar="KEY=VALUE",
        help="override one field, e.g. --set run.steps=10 (VALUE is read as JSON if it parses)",
    )  # fmt: skip
    pl = sub.add_parser("plot", help="draw a training run's curves as PNG (needs matplotlib)")
    pl.add_argument("run_dir", help="the run's output folder (holds metrics.jsonl)")
    return ap


def _options(args: argparse.Namespace) -> dict[str, Any]:
    opts: dict[str, Any] = {}
    if args.format is not None:
        opts["format"] = args.format
    for name in OPTION_NAMES:
        if name == "format":
            continue
        value = getattr(args, name, None)
        if value is not None:
            opts[name] = value
    return opts


def _load_gold(path: str) -> dict[str, dict[str, Any]]:
    gold: dict[str, dict[str, Any]] = {}
    try:
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    raise UsageError(f"{path}:{n}: empty line in gold file")
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise UsageError(f"{path}:{n}: not JSON: {exc}") from None
                if not isinstance(rec, dict) or "id" not in rec or "ground_truth" not in rec:
                    raise UsageError(f"{path}:{n}: a gold record needs 'id' and 'ground_truth'")
                key = _id_key(rec["id"])
                if key in gold:
                    raise UsageError(f"{path}:{n}: duplicate id {rec['id']!r}")
                gold[key] = rec
    except OSError as exc:
        raise UsageError(f"cannot read gold file: {exc}") from None
    return gold


def _id_key(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


def score_line(
    line_no: int,
    line: str,
    preset: str,
    options: dict[str, Any],
    gold: dict[str, dict[str, Any]] | None,
) -> dict[str, Any]:
    """Score one input line; always returns an output record, never raises."""
    rec_id: Any = None
    try:
        if not line.strip():
            raise ValueError("empty line")
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"not JSON: {exc}") from None
        if not isinstance(rec, dict):
            raise ValueError(f"a record must be a JSON object, got {type(rec).__name__}")
        rec_id = rec.get("id")
        completion = _field(rec, "completion", "result")
        if not isinstance(completion, str):
            raise ValueError("missing or non-string 'completion'")
        if gold is not None:
            if "id" not in rec:
                raise ValueError("missing 'id' (needed to join with --gold)")
            ref = gold.get(_id_key(rec_id))
            if ref is None:
                raise ValueError(f"no gold record with id {rec_id!r}")
            truth, tools = ref["ground_truth"], ref.get("tools")
        else:
            truth = _field(rec, "ground_truth", "possible_answer", missing=_MISSING)
            if truth is _MISSING:
                raise ValueError("missing 'ground_truth'")
            tools = _field(rec, "tools", "function")
        own = rec.get("options")
        if own is not None:
            if not isinstance(own, dict):
                raise ValueError("'options' must be an object of score() keywords")
            options = {**options, **own}
        if preset == "bfcl" and "language" not in options:
            language = _language(bfcl_category(rec_id))
            if language != "python":
                options = {**options, "language": language}
        verdict = score(completion, truth, tools=tools, preset=preset, **options)
    except Exception as exc:  # a record must never stop the run or vanish
        known = isinstance(exc, ToolRewardError) or type(exc) is ValueError
        kind = "" if known else f"internal error ({type(exc).__name__}): "
        return {
            "line": line_no,
            "id": rec_id,
            "reward": 0.0,
            "format_ok": False,
            "calls_ok": False,
            "reason": BAD_RECORD,
            "detail": f"line {line_no}: {kind}{exc}",
        }
    return {"line": line_no, "id": rec_id, **verdict.to_dict()}


_MISSING: Any = object()


def _field(rec: dict[str, Any], name: str, alias: str, missing: Any = None) -> Any:
    """A record field under its name or its BFCL alias (``result``, ``function``, ...)."""
    if name in rec:
        return rec[name]
    return rec.get(alias, missing)


def bfcl_category(rec_id: Any) -> str:
    """BFCL's category from an entry id: ``live_simple_12-3-0`` -> ``live_simple``."""
    text = str(rec_id)
    return text.rsplit("_", 1)[0] if "_" in text else text


def _language(category: str) -> str:
    if "javascript" in category:
        return "javascript"
    return "java" if "java" in category else "python"


def _score_chunk(
    chunk: list[tuple[int, str]],
    preset: str,
    options: dict[str, Any],
    gold: dict[str, dict[str, Any]] | None,
) -> list[dict[str, Any]]:
    return [score_line(n, line, preset, options, gold) for n, line in chunk]


def _chunks(lines: Iterable[str]) -> Iterator[list[tuple[int, str]]]:
    chunk: list[tuple[int, str]] = []
    for n, line in enumerate(lines, 1):
        chunk.append((n, line))
        if len(chunk) == _CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _results(
    lines: Iterable[str],
    preset: str,
    options: dict[str, Any],
    gold: dict[str, dict[str, Any]] | None,
    workers: int,
) -> Iterator[dict[str, Any]]:
    """Output records in input order, streaming (bounded memory)."""
    if workers == 1:
        for chunk in _chunks(lines):
            yield from _score_chunk(chunk, preset, options, gold)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending = []
        for chunk in _chunks(lines):
            pending.append(pool.submit(_score_chunk, chunk, preset, options, gold))
            if len(pending) >= 2 * workers:
                yield from pending.pop(0).result()
        for job in pending:
            yield from job.result()


class Summary:
    """Running totals for the summary table (and, for BFCL runs, per category)."""

    def __init__(self, by_category: bool = False) -> None:
        self.records = 0
        self.reward = 0.0
        self.format_ok = 0
        self.reasons: dict[str, int] = {}
        self.by_category = by_category
        self.categories: dict[str, list[float]] = {}

    def add(self, out: dict[str, Any]) -> None:
        self.records += 1
        self.reward += out["reward"]
        self.format_ok += bool(out["format_ok"])
        self.reasons[out["reason"]] = self.reasons.get(out["reason"], 0) + 1
        if self.by_category:
            totals = self.categories.setdefault(bfcl_category(out["id"]), [0.0, 0.0])
            totals[0] += out["reward"]
            totals[1] += 1

    def as_dict(self) -> dict[str, Any]:
        n = self.records or 1
        out = {
            "records": self.records,
            "mean_reward": self.reward / n,
            "format_ok_rate": self.format_ok / n,
            "bad_records": self.reasons.get(BAD_RECORD, 0),
            "reasons": dict(sorted(self.reasons.items(), key=lambda kv: (-kv[1], kv[0]))),
        }
        if self.by_category:
            out["bfcl"] = bfcl_table(self.categories)
        return out

    def table(self) -> str:
        d = self.as_dict()
        rows = [
            f"records       {d['records']}",
            f"mean reward   {d['mean_reward']:.4f}",
            f"format valid  {100 * d['format_ok_rate']:.2f}%",
            "",
            f"{'reason':28s} {'count':>8s} {'%':>7s}",
        ]
        for reason, count in d["reasons"].items():
            rows.append(f"{reason:28s} {count:8d} {100 * count / (d['records'] or 1):6.2f}%")
        if self.by_category:
            rows += ["", format_bfcl_table(d["bfcl"])]
        return "\n".join(rows)


NON_LIVE_SIMPLE = ("simple_python", "simple_java", "simple_javascript")
NON_LIVE_REST = ("multiple", "parallel", "parallel_multiple")
LIVE = ("live_simple", "live_multiple", "live_parallel", "live_parallel_multiple")
RELEVANCE = ("irrelevance", "live_irrelevance", "live_relevance")


def bfcl_table(categories: dict[str, list[float]]) -> dict[str, Any]:
    """Accuracy per category and the BFCL AST summary figures.

    * Non-Live = unweighted mean of Simple, Multiple, Parallel and Parallel
      Multiple, where Simple is the unweighted mean of the simple Python,
      Java and JavaScript categories present;
    * Live = mean over all live AST entries (weighted by entry count);
    * Overall = mean of Non-Live and Live, as the Tool-N1 paper reports it.

    Summary figures are ``None`` when a part is absent from the input.
    """
    acc = {cat: hits / n for cat, (hits, n) in categories.items() if n}
    counts = {cat: int(n) for cat, (_, n) in categories.items()}
    simple = [acc[c] for c in NON_LIVE_SIMPLE if c in acc]
    parts = ([sum(simple) / len(simple)] if simple else []) + [
        acc[c] for c in NON_LIVE_REST if c in acc
    ]
    non_live = sum(parts) / len(parts) if len(parts) == 4 else None
    live_hits = sum(categories[c][0] for c in LIVE if c in categories)
    live_n = sum(categories[c][1] for c in LIVE if c in categories)
    live = live_hits / live_n if live_n else None
    overall = (non_live + live) / 2 if non_live is not None and live is not None else None
    return {
        "categories": {c: {"accuracy": acc[c], "entries": counts[c]} for c in sorted(acc)},
        "non_live": non_live,
        "live": live,
        "overall": overall,
    }


def format_bfcl_table(table: dict[str, Any]) -> str:
    """The BFCL table as text: categories, then Non-Live, Live and Overall."""

    def pct(x: float | None) -> str:
        return "   n/a" if x is None else f"{100 * x:6.2f}"

    rows = [f"{'BFCL category':28s} {'entries':>8s} {'acc %':>7s}"]
    order = [*NON_LIVE_SIMPLE, *NON_LIVE_REST, *LIVE, *RELEVANCE]
    cats = table["categories"]
    for cat in [c for c in order if c in cats] + sorted(set(cats) - set(order)):
        rows.append(f"{cat:28s} {cats[cat]['entries']:8d} {pct(cats[cat]['accuracy']):>7s}")
    rows.append(f"{'Non-Live AST':28s} {'':8s} {pct(table['non_live']):>7s}")
    rows.append(f"{'Live AST':28s} {'':8s} {pct(table['live']):>7s}")
    rows.append(f"{'Overall (Non-Live+Live)/2':28s} {'':8s} {pct(table['overall']):>7s}")
    return "\n".join(rows)


class Progress:
    """A one-line progress counter on stderr, only when it is a terminal."""

    def __init__(self, enabled: bool, total_bytes: int | None) -> None:
        self.enabled = enabled
        self.total = total_bytes
        self.start = time.monotonic()
        self.last = 0.0

    def update(self, records: int, done_bytes: int) -> None:
        now = time.monotonic()
        if not self.enabled or now - self.last < 0.2:
            return
        self.last = now
        rate = records / max(now - self.start, 1e-9)
        pct = f" {100 * done_bytes / self.total:5.1f}%" if self.total else ""
        sys.stderr.write(f"\r scored {records:,} records{pct} ({rate:,.0f}/s)")
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled and self.last:
            sys.stderr.write("\n")


def _run_score(args: argparse.Namespace) -> int:
    options = _options(args)
    if args.workers < 1:
        raise UsageError("--workers must be at least 1")
    # Validate preset and options once, before reading anything.
    try:
        check_config(args.preset, **options)
    except ToolRewardError as exc:
        raise UsageError(str(exc)) from None
    gold = _load_gold(args.gold) if args.gold else None
    try:
        fh: TextIO = sys.stdin if args.file == "-" else open(args.file, encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        raise UsageError(f"cannot read {args.file}: {exc}") from None
    size = None if args.file == "-" else os.path.getsize(args.file)
    progress = Progress(
        enabled=not args.no_progress and sys.stderr.isatty() and (size is None or size > 1 << 20),
        total_bytes=size,
    )
    out_fh = open(args.out, "w", encoding="utf-8") if args.out else None  # noqa: SIM115
    summary = Summary(by_category=args.preset == "bfcl")
    done = 0
    try:
        counted = _counting(fh)
        for out in _results(counted, args.preset, options, gold, args.workers):
            summary.add(out)
            if out_fh is not None:
                out_fh.write(json.dumps(out, ensure_ascii=False) + "\n")
            done += 1
            progress.update(done, counted.bytes_read)
    finally:
        progress.close()
        if out_fh is not None:
            out_fh.close()
        if fh is not sys.stdin:
            fh.close()
    if args.json:
        print(json.dumps(summary.as_dict(), indent=2))
    else:
        print(summary.table())
    return EXIT_BAD_RECORDS if summary.reasons.get(BAD_RECORD) else EXIT_OK


def _run_serve(args: argparse.Namespace) -> int:
    try:
        from .server import ServerConfig, serve
    except ImportError as exc:  # pragma: no cover - depends on the extra
        raise UsageError(f"the server needs toolreward[server]: {exc}") from None
    defaults = ServerConfig()
    config = ServerConfig(
        workers=args.workers or defaults.workers,
        max_body_bytes=args.max_body_bytes,
        max_batch=args.max_batch,
        timeout_s=args.timeout,
    )
    if config.workers < 1 or config.max_batch < 1 or config.max_body_bytes < 1:
        raise UsageError("--workers, --max-batch and --max-body-bytes must be positive")
    try:
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as exc:
        raise UsageError(f"the server needs toolreward[server]: {exc}") from None
    serve(args.host, args.port, config)
    return EXIT_OK


class _counting:
    """Iterate lines and remember how many bytes were read (for progress)."""

    def __init__(self, fh: TextIO) -> None:
        self.fh = fh
        self.bytes_read = 0

    def __iter__(self) -> Iterator[str]:
        for line in self.fh:
            self.bytes_read += len(line)
            yield line.rstrip("\n")


def _run_train(args: argparse.Namespace) -> int:
    try:
        from .grpo import load_config, train
    except ImportError as exc:
        raise UsageError(f"training needs the train extra ({exc.name} is missing): "
                         "pip install 'toolreward[train]'") from None  # fmt: skip
    overrides: dict[str, Any] = {}
    for item in args.set:
        key, sep, text = item.partition("=")
        if not sep:
            raise UsageError(f"--set {item!r}: expected KEY=VALUE")
        try:
            overrides[key] = json.loads(text)
        except json.JSONDecodeError:
            overrides[key] = text
    try:
        config = load_config(args.config, overrides)
        result = train(config)
    except ToolRewardError as exc:
        raise UsageError(str(exc)) from None
    last = result.metrics[-1] if result.metrics else {}
    print(json.dumps({"run_dir": str(result.run_dir), "last": last}))
    return EXIT_OK


def _run_plot(args: argparse.Namespace) -> int:
    try:
        from .grpo.plot import plot_run
    except ImportError as exc:
        raise UsageError(f"plotting needs matplotlib ({exc.name} is missing)") from None
    try:
        written = plot_run(args.run_dir)
    except (FileNotFoundError, ImportError) as exc:
        raise UsageError(str(exc)) from None
    for path in written:
        print(path)
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``toolreward`` console script; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "score":
            return _run_score(args)
        if args.command == "serve":
            return _run_serve(args)
        if args.command == "train":
            return _run_train(args)
        if args.command == "plot":
            return _run_plot(args)
    except UsageError as exc:
        print(f"toolreward: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
