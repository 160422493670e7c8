"""Command line: ``toolreward score FILE`` (plus ``serve``, ``train`` and ``plot``).

This module parses arguments and prints; the records themselves (their
fields, BFCL aliases, ``--gold`` joins and bad-record verdicts) are read by
``toolreward.records``, and BFCL tables come from ``toolreward.bfcl.leaderboard``.

Input is JSONL, one record per line (see ``toolreward.records``).  With
``--preset bfcl`` the summary adds BFCL's per-category accuracy table
(category from the entry ``id``) with Non-Live, Live and Overall.  With
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
import zlib
from collections.abc import Iterator
from typing import Any, BinaryIO

from . import __version__
from .bfcl.leaderboard import format_bfcl_table
from .errors import ToolRewardError
from .options import OPTION_NAMES, THINK_MODES
from .presets import PRESETS
from .records import GoldFileError, Summary, judge_lines, load_gold, open_input
from .verdict import check_config

EXIT_OK, EXIT_BAD_RECORDS, EXIT_USAGE = 0, 1, 2


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
    sc.add_argument("file", help="JSONL records (gzip-compressed too), or - for standard input")
    sc.add_argument("--gold", help="JSONL gold records joined to FILE by 'id'")
    sc.add_argument("--preset", default="strict", choices=PRESETS)
    sc.add_argument("--format", default=None, help="tool-call format (default: tool_n1)")
    sc.add_argument("--think", choices=THINK_MODES, default=None)
    for name in OPTION_NAMES:
        if name.startswith(("allow_", "think_")):
            sc.add_argument(f"--{name.replace('_', '-')}", action="store_true", default=None)
    sc.add_argument(
        "--out",
        help="write one verdict per input line to this JSONL file (- for standard output; "
        "the summary then goes to standard error)",
    )
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
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override one field, e.g. --set run.steps=10 (VALUE is read as JSON if it parses)",
    )
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


def summary_table(summary: Summary) -> str:
    """The run's summary as a text table (BFCL's table below it for BFCL runs)."""
    d = summary.as_dict()
    rows = [
        f"records       {d['records']}",
        f"mean reward   {d['mean_reward']:.4f}",
        f"format valid  {100 * d['format_ok_rate']:.2f}%",
        "",
        f"{'reason':28s} {'count':>8s} {'%':>7s}",
    ]
    for reason, count in d["reasons"].items():
        rows.append(f"{reason:28s} {count:8d} {100 * count / (d['records'] or 1):6.2f}%")
    if "bfcl" in d:
        rows += ["", format_bfcl_table(d["bfcl"])]
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
    try:
        gold = load_gold(args.gold) if args.gold else None
    except GoldFileError as exc:
        raise UsageError(str(exc)) from None
    try:
        fh = open_input(args.file)
    except OSError as exc:
        raise UsageError(f"cannot read {args.file}: {exc}") from None
    to_stdout = args.out == "-"
    try:
        out_fh = None if not args.out or to_stdout else open(args.out, "w", encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        fh.close()
        raise UsageError(f"cannot write --out {args.out}: {exc}") from None
    size = None if args.file == "-" else os.path.getsize(args.file)
    progress = Progress(
        enabled=not args.no_progress and sys.stderr.isatty() and (size is None or size > 1 << 20),
        total_bytes=size,
    )
    summary = Summary(by_category=args.preset == "bfcl")
    failure: str | None = None
    counted = _counting(fh)
    try:
        for out in judge_lines(counted, args.preset, options, gold, args.workers):
            summary.add(out)
            if to_stdout:
                print(_jsonl(out), flush=False)
            elif out_fh is not None:
                out_fh.write(_jsonl(out) + "\n")
            progress.update(summary.records, counted.bytes_read)
    except BrokenPipeError:
        raise  # the reader of --out - went away: main() stops quietly
    except (OSError, EOFError, zlib.error) as exc:  # unreadable input, part-way through
        failure = f"cannot read {args.file} after line {counted.lines}: {exc}"
    finally:
        progress.close()
        if out_fh is not None:
            out_fh.close()
        if args.file != "-":
            fh.close()
    # The summary goes to stdout, unless the verdict lines do (--out -).
    report = sys.stderr if to_stdout else sys.stdout
    if args.json:
        print(json.dumps(summary.as_dict(), indent=2), file=report)
    else:
        print(summary_table(summary), file=report)
    if failure is not None:
        raise UsageError(failure)
    return EXIT_BAD_RECORDS if summary.bad_records else EXIT_OK


def _jsonl(out: dict[str, Any]) -> str:
    """One verdict line: readable UTF-8, or ASCII escapes where a string holds a
    lone surrogate (from a ``\\ud800`` escape in the input) that UTF-8 cannot carry."""
    line = json.dumps(out, ensure_ascii=False)
    if not line.isascii():
        try:
            line.encode("utf-8")
        except UnicodeEncodeError:
            return json.dumps(out)
    return line


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
    """Iterate the lines of a binary file (split at ``\\n`` only, so a bare CR
    stays inside its record) and count lines and bytes (for progress)."""

    def __init__(self, fh: BinaryIO) -> None:
        self.fh = fh
        self.bytes_read = 0
        self.lines = 0

    def __iter__(self) -> Iterator[bytes]:
        for line in self.fh:
            self.bytes_read += len(line)
            self.lines += 1
            yield line[:-1] if line.endswith(b"\n") else line


def _run_train(args: argparse.Namespace) -> int:
    try:
        from .grpo import load_config, train
    except ImportError as exc:
        raise UsageError(
            f"training needs the train extra ({exc.name} is missing): "
            "pip install 'toolreward[train]'"
        ) from None
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
        return _dispatch(args)
    except BrokenPipeError:
        # The reader went away (``| head``): stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BAD_RECORDS


def _dispatch(args: argparse.Namespace) -> int:
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
