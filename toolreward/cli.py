"""Command line: ``toolreward score FILE`` (plus ``check``, ``bfcl``, ``data``, ``eval``,
``serve``, ``train`` and ``plot``).

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
import dataclasses
import importlib.util
import io
import json
import os
import sys
import time
import zlib
from collections.abc import Iterator
from typing import Any, BinaryIO

from . import __version__
from .errors import ToolRewardError
from .formats import FORMAT_READERS
from .ground_truth import warn_on_arrow_fill
from .options import OPTION_CHOICES, OPTION_HELP, OPTION_NAMES, ParseOptions
from .presets import PRESETS
from .reasons import BAD_RECORD
from .records import (
    Fields,
    GoldFileError,
    Line,
    Summary,
    judge_lines,
    load_gold,
    open_input,
    parsed_calls,
)
from .report import REPORTS, render, where
from .verdict import check_config, score

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
        help="score a file of completions (JSONL, JSONL.gz or parquet)",
        description=SCORE_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sc.add_argument(
        "file", help="JSONL records (gzip-compressed too), a .parquet file, or - for stdin"
    )
    sc.add_argument(
        "--gold", metavar="GOLD.jsonl", help="gold records joined to FILE by id (JSONL)"
    )
    _add_scoring_flags(sc)
    fields = sc.add_argument_group("record fields (names, or dotted paths such as a.b)")
    for part, default in (
        ("completion", "completion, or BFCL's result"),
        ("ground-truth", "ground_truth, or BFCL's possible_answer"),
        ("tools", "tools, or BFCL's function"),
        ("id", "id"),
    ):
        fields.add_argument(
            f"--{part}-field",
            default=None,
            metavar="NAME",
            help=f"the field holding the {part.replace('-', ' ')} (default: {default})",
        )
    out = sc.add_argument_group("output")
    out.add_argument(
        "--out",
        metavar="FILE",
        help="write one verdict per input line to FILE (- for standard output; "
        "the summary then goes to standard error)",
    )
    out.add_argument(
        "--calls",
        action="store_true",
        help="add the calls the reader found to each --out line (strict and bfcl presets)",
    )
    out.add_argument(
        "--report",
        choices=REPORTS,
        default="text",
        help="the summary's format (default: text)",
    )
    out.add_argument("--json", action="store_true", help="the same as --report json")
    out.add_argument(
        "--examples",
        type=int,
        default=3,
        metavar="N",
        help="show the first N lines of every failing reason (default: 3)",
    )
    out.add_argument(
        "--workers", type=int, default=1, metavar="N", help="scoring processes (default: 1)"
    )
    out.add_argument(
        "--no-progress", action="store_true", help="never show the progress line on stderr"
    )
    ck = sub.add_parser(
        "check",
        help="judge one completion given on the command line",
        description=CHECK_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ck.add_argument("completion", help="the completion text, @FILE to read it, or - for stdin")
    ck.add_argument("ground_truth", help="the ground truth as JSON text, or @FILE")
    ck.add_argument("--tools", default=None, help="tool specs as JSON text, or @FILE")
    _add_scoring_flags(ck)
    ck.add_argument("--json", action="store_true", help="print the verdict as JSON")
    bf = sub.add_parser(
        "bfcl",
        help="score a `bfcl generate` result directory against BFCL's own data",
        description=BFCL_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    bf.add_argument("results", help="a result directory (or one BFCL_v4_<category>_result.json)")
    bf.add_argument(
        "--bfcl-version",
        choices=("v4", "v3"),
        default="v4",
        help="v4: bfcl-eval's data (default); v3: nvidia-bfcl's (the Tool-N1 paper's)",
    )
    bf.add_argument(
        "--bfcl-data",
        default=None,
        metavar="DIR",
        help="BFCL's data directory, instead of the installed package's",
    )
    bf.add_argument(
        "--score-dir",
        default=None,
        metavar="DIR",
        help="write BFCL's score files and CSVs (and toolreward_bfcl.csv) here",
    )
    bf.add_argument(
        "--model", action="append", default=[], help="score only this model directory (repeatable)"
    )
    mode = bf.add_mutually_exclusive_group()
    mode.add_argument(
        "--fc",
        dest="fc",
        action="store_const",
        const=True,
        default=None,
        help="FC-model results (default: decided by the results' shape)",
    )
    mode.add_argument(
        "--prompting",
        dest="fc",
        action="store_const",
        const=False,
        help="prompting results: every result is text",
    )
    bf.add_argument(
        "--underscore-to-dot",
        action="store_true",
        help="the model's API forbids dots in names: a.b is matched by a_b",
    )
    bf.add_argument(
        "--bfcl-compat",
        action="store_true",
        help="reproduce BFCL's decoder quirks for exact parity (docs/bfcl.md)",
    )
    bf.add_argument(
        "--format",
        default="pythonic",
        help="how text results are read (default pythonic; e.g. hermes)",
    )
    bf.add_argument("--json", action="store_true", help="print the tables as JSON")
    dt = sub.add_parser(
        "data",
        help="convert xLAM-60k or ToolACE files to training records (toolreward and verl layouts)",
        description=DATA_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    dt.add_argument("source", choices=("xlam", "toolace"), help="the dataset the files come from")
    dt.add_argument("files", nargs="+", help=".jsonl, .json (a list) or .parquet files")
    dt.add_argument("--out", required=True, metavar="DIR", help="output folder")
    dt.add_argument(
        "--include-no-call",
        action="store_true",
        help="toolace: also a sample (answer []) per plain-text assistant turn",
    )
    dt.add_argument(
        "--irrelevance",
        type=float,
        default=0.0,
        metavar="SHARE",
        help="add irrelevance copies of this share of xLAM samples (paper: 0.15)",
    )
    dt.add_argument(
        "--mask",
        type=float,
        default=0.0,
        metavar="SHARE",
        help="mask names and used default values in this share of xLAM samples (paper: 0.67)",
    )
    dt.add_argument("--test-share", type=float, default=0.1)
    dt.add_argument("--seed", type=int, default=0)
    dt.add_argument("--layout", choices=("toolreward", "verl", "both"), default="both")
    dt.add_argument("--formats", choices=("jsonl", "parquet", "both"), default="jsonl")
    ev = sub.add_parser(
        "eval",
        help="answer BFCL's test entries with a model, write BFCL result files, print the table",
        description=EVAL_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ev.add_argument("--model", required=True, help="a model directory or hub name")
    ev.add_argument(
        "--gguf-file", default=None, help="a GGUF file inside --model (or --base-model)"
    )
    ev.add_argument(
        "--base-model", default=None, help="the base of a LoRA adapter given as --model"
    )
    ev.add_argument("--tokenizer", default=None, help="tokenizer source (default: --model)")
    ev.add_argument("--name", default=None, help="the result folder's name (default: from --model)")
    ev.add_argument(
        "--chat-template", default=None, metavar="FILE", help="a Jinja chat template to use"
    )
    ev.add_argument(
        "--out", required=True, metavar="DIR", help="results go to DIR/result, scores to DIR/score"
    )
    ev.add_argument("--bfcl-version", choices=("v4", "v3"), default="v4")
    ev.add_argument("--bfcl-data", default=None, metavar="DIR")
    ev.add_argument(
        "--categories",
        default=None,
        help="comma-separated; default: simple_python,multiple,parallel,parallel_multiple,"
        "irrelevance",
    )
    ev.add_argument("--limit", type=int, default=None, help="first N entries of each category")
    ev.add_argument("--max-new-tokens", type=int, default=512)
    ev.add_argument("--batch-size", type=int, default=8)
    ev.add_argument("--device", default="auto", help="cpu, cuda or auto")
    ev.add_argument(
        "--backend",
        choices=("auto", "transformers", "vllm"),
        default="auto",
        help="auto: vllm when importable and the device is not cpu, else transformers",
    )
    ev.add_argument(
        "--vllm-engine",
        default="{}",
        metavar="JSON",
        help="keyword arguments for vllm.LLM, e.g. '{\"tensor_parallel_size\": 2}'",
    )
    ev.add_argument("--no-progress", action="store_true")
    sv = sub.add_parser(
        "serve",
        help="run the reward HTTP server (needs toolreward[server])",
        description="Serve POST /get_reward (OpenRLHF), POST /score, POST /verify (NeMo Gym) "
        "and GET /health.",
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


SCORE_DESCRIPTION = """\
Score a file of completions; one verdict per input line, in input order.

A record is one JSON object per line:
  {"id": "a1", "completion": "<think>...</think><tool_call>[...]</tool_call>",
   "ground_truth": [{"name": "f", "arguments": {...}}], "tools": [...], "options": {...}}
completion and ground_truth are required (ground_truth may come from --gold
instead); id, tools (OpenAI function specs) and options (score() keywords
for this record) are optional.  Other field names: see "record fields".

Exit codes: 0 every record scored, 1 some bad records, 2 usage error or
unreadable input.  docs/reward.md explains every reason code."""

CHECK_DESCRIPTION = """\
Judge one completion and print the verdict, the reason and the parsed calls.

  toolreward check \\
      '<think>r</think><tool_call>[{"name": "f", "arguments": {"a": 1}}]</tool_call>' \\
      '[{"name": "f", "arguments": {"a": 1}}]'

Exit codes: 0 reward 1, 1 reward 0, 2 usage error."""


BFCL_DESCRIPTION = """\
Score a `bfcl generate` result directory (result/<model>/<group>/BFCL_v4_*_result.json)
against BFCL's test data and possible answers, taken from the installed
bfcl-eval (v4) or nvidia-bfcl (v3).  Prints, per model, the accuracy of every
category, Non-Live, Live, the Tool-N1 paper's Overall and BFCL's own overall;
categories BFCL judges by execution are listed as "not scored".

  toolreward bfcl result/ --score-dir score/

Exit codes: 0 every line scored, 1 some lines are bad records, 2 usage error."""


DATA_DESCRIPTION = """\
Convert the Tool-N1 training sources to records, as the paper's processing does:
one sample per assistant call turn, the answers' names checked against the
tools, optional irrelevance and name-masking augmentations, dedup, a seeded
train/test split.  Writes train/test in the toolreward layout (train.jsonl)
and verl's RL layout (train.verl.jsonl), and rejected.jsonl: every source
record that gave no sample, with its file, line and reason.

  toolreward data xlam xlam_function_calling_60k.json --out data/ \\
      --irrelevance 0.15 --mask 0.67

Exit codes: 0 done (rejected records are counted, not fatal), 2 usage error."""


def _run_data(args: argparse.Namespace) -> int:
    import random
    from pathlib import Path

    from .data import BuildOptions, build, irrelevance, mask_names, read_toolace, read_xlam, write
    from .data.build import dedup
    from .data.sources import Rejected, Sample

    for name in ("irrelevance", "mask", "test_share"):
        if not 0.0 <= getattr(args, name) <= 1.0:
            raise UsageError(f"--{name.replace('_', '-')} must be between 0 and 1")
    samples: list[Sample] = []
    rejected: list[Rejected] = []
    for file in args.files:
        path = Path(file)
        if not path.is_file():
            raise UsageError(f"{file}: no such file")
        items = (
            read_xlam(path) if args.source == "xlam" else read_toolace(path, args.include_no_call)
        )
        try:
            for item in items:
                if isinstance(item, Rejected):
                    rejected.append(item)
                else:
                    samples.append(item)
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"{file}: unreadable: {exc}") from None
    rng = random.Random(args.seed)
    unique = dedup(samples)  # before augmenting: a masked copy no longer looks like its twin
    masked = mask_names(unique, args.mask, rng) if args.mask else unique
    extra = irrelevance(unique, args.irrelevance, rng) if args.irrelevance else []
    options = BuildOptions(args.test_share, args.seed, args.layout, args.formats)
    train, test, counts = build(masked + extra, options)
    counts["duplicates"] = len(samples) - len(unique)
    out = Path(args.out)
    written = write(out, {"train": train, "test": test}, options)
    with (out / "rejected.jsonl").open("w", encoding="utf-8") as f:
        for bad in rejected:
            f.write(
                json.dumps({"where": bad.where, "reason": bad.reason}, ensure_ascii=False) + "\n"
            )
    summary = {"source_samples": len(samples), "rejected": len(rejected),
               "masked": sum("masked" in s.tags for s in masked),
               "irrelevance_added": len(extra), **counts}  # fmt: skip
    print(json.dumps(summary))
    print(f"wrote {len(written) + 1} files under {out}", file=sys.stderr)
    return EXIT_OK


EVAL_DESCRIPTION = """\
Answer BFCL's single-turn test entries with a model, as it was trained: the
Tool-N1 system prompt with the entry's functions, the tokenizer's chat
template, greedy decoding.  Writes BFCL result files (OUT/result/NAME/...;
entries already there are skipped, so a run resumes), scores them as
`toolreward bfcl` does (OUT/score) and prints the table.  Needs the train
extra (torch, transformers) and BFCL's data (bfcl-eval or nvidia-bfcl).
Generation uses vLLM when it is importable and the device is not the CPU
(--backend); a LoRA folder is then merged into OUT/merged first.

  toolreward eval --model runs/qwen7b-n1/final --out eval/ --limit 100

Exit codes: 0 done, 2 usage error."""


def _run_eval(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .bfcl.harness import (
        DEFAULT_CATEGORIES,
        EvalOptions,
        generate_results,
        transformers_generator,
        vllm_generator,
    )
    from .bfcl.run import RunOptions, evaluate, write_scores

    try:
        import torch
        import transformers
    except ImportError:
        raise UsageError(
            "toolreward eval needs torch and transformers: pip install 'toolreward[train]'"
        ) from None
    categories = (
        tuple(c.strip() for c in args.categories.split(","))
        if args.categories
        else DEFAULT_CATEGORIES
    )
    name = args.name or Path(args.model.rstrip("/")).name.replace("/", "_") or "model"
    options = EvalOptions(args.bfcl_version, args.bfcl_data, categories, args.limit,
                          args.max_new_tokens, args.batch_size, name)  # fmt: skip
    device: str = (
        args.device if args.device != "auto" else ("cuda" if torch.cuda.is_available() else "cpu")
    )
    backend = args.backend
    if backend == "auto":
        backend = "vllm" if device != "cpu" and importlib.util.find_spec("vllm") else "transformers"
    if backend == "vllm":
        try:
            engine = json.loads(args.vllm_engine)
        except ValueError as exc:
            raise UsageError(f"--vllm-engine is not JSON: {exc}") from None
        if not isinstance(engine, dict):
            raise UsageError("--vllm-engine must be a JSON object of vllm.LLM keyword arguments")
        if args.gguf_file:
            raise UsageError("--gguf-file works with --backend transformers only")
        if importlib.util.find_spec("vllm") is None:
            raise UsageError("--backend vllm: vllm is not installed")
    model_loaded, tokenizer, model_path = _load_eval_model(args, transformers)
    if args.chat_template:
        try:
            tokenizer.chat_template = Path(args.chat_template).read_text(encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"--chat-template: {exc}") from None
    if backend == "vllm":
        if model_loaded is not None:  # a merged LoRA: vLLM reads it from a folder
            merged = Path(args.out) / "merged"
            model_loaded.save_pretrained(merged)
            tokenizer.save_pretrained(merged)
            model_path = str(merged)
        generate = vllm_generator(model_path, tokenizer, args.max_new_tokens, **engine)
    else:
        if model_loaded is None:
            kwargs = {"gguf_file": args.gguf_file} if args.gguf_file else {}
            try:
                model_loaded = transformers.AutoModelForCausalLM.from_pretrained(
                    args.model, **kwargs
                )
            except (OSError, ValueError, ImportError) as exc:
                raise UsageError(f"cannot load {args.model}: {exc}") from None
        model: Any = model_loaded.to(torch.device(device))
        generate = transformers_generator(model, tokenizer, args.max_new_tokens, args.batch_size)
    try:
        result_dir = generate_results(generate, args.out, options, progress=not args.no_progress)
        scores, data = evaluate(result_dir, RunOptions(args.bfcl_version, args.bfcl_data, fc=True))
        write_scores(scores, data, Path(args.out) / "score")
    except (ToolRewardError, ValueError) as exc:
        raise UsageError(str(exc)) from None
    _print_bfcl(scores, data, as_json=False)
    return EXIT_OK


def _load_eval_model(args: argparse.Namespace, transformers: Any) -> tuple[Any, Any, str]:
    """``(model or None, tokenizer, model path)``: a LoRA run's final folder is merged into
    its base here (the model is returned); otherwise only the tokenizer is loaded."""
    from pathlib import Path

    kwargs = {"gguf_file": args.gguf_file} if args.gguf_file else {}
    adapter = Path(args.model) / "adapter_config.json"
    try:
        if not adapter.is_file():
            tokenizer = transformers.AutoTokenizer.from_pretrained(
                args.tokenizer or args.model, **kwargs
            )
            return None, tokenizer, args.model
        import peft

        base_path = args.base_model or json.loads(adapter.read_text()).get(
            "base_model_name_or_path"
        )
        if not base_path:
            raise UsageError(
                f"{args.model} is a LoRA adapter of an unknown base: pass --base-model"
            )
        base = transformers.AutoModelForCausalLM.from_pretrained(base_path, **kwargs)
        merged = peft.PeftModel.from_pretrained(base, args.model).merge_and_unload()
        tokenizer = transformers.AutoTokenizer.from_pretrained(args.tokenizer or args.model)
        return merged, tokenizer, args.model
    except (OSError, ValueError, ImportError) as exc:
        raise UsageError(f"cannot load {args.model}: {exc}") from None


def _print_bfcl(scores: list[Any], data: Any, as_json: bool) -> int:
    """Print each model's BFCL table and reason counts; returns the number of bad records."""
    from .bfcl.leaderboard import format_bfcl_table

    bad = 0
    report = {}
    for model in scores:
        table = model.table(data)
        reasons: dict[str, int] = {}
        for cat in model.categories.values():
            for reason, n in cat.reasons.items():
                reasons[reason] = reasons.get(reason, 0) + n
        bad += reasons.get(BAD_RECORD, 0)
        report[model.model] = {"fc": model.fc, **table, "reasons": dict(sorted(reasons.items()))}
        if not as_json:
            kind = "FC" if model.fc else "prompting"
            print(f"model {model.model} ({kind}; BFCL {data.version.name} data)")
            print(format_bfcl_table(table))
            print("reasons    " + "  ".join(f"{k} {v}" for k, v in sorted(reasons.items())))
            print()
    if as_json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    return bad


def _run_bfcl(args: argparse.Namespace) -> int:
    from .bfcl.run import RunOptions, evaluate, write_scores

    if args.format not in FORMAT_READERS:
        raise UsageError(f"--format {args.format!r}: expected one of {', '.join(FORMAT_READERS)}")
    options = RunOptions(
        version=args.bfcl_version,
        data=args.bfcl_data,
        fc=args.fc,
        underscore_to_dot=args.underscore_to_dot,
        bfcl_compat=args.bfcl_compat,
        format=args.format,
        models=tuple(args.model),
    )
    try:
        scores, data = evaluate(args.results, options)
        written = write_scores(scores, data, args.score_dir) if args.score_dir else []
    except (ToolRewardError, OSError) as exc:
        raise UsageError(str(exc)) from None
    bad = _print_bfcl(scores, data, args.json)
    if written:
        print(f"wrote {len(written)} files under {args.score_dir}", file=sys.stderr)
    if bad:
        print(f"toolreward: {bad} bad record(s): see the score files", file=sys.stderr)
    return EXIT_BAD_RECORDS if bad else EXIT_OK


def _add_scoring_flags(parser: argparse.ArgumentParser) -> None:
    """``--preset`` and one flag per ``score()`` option, each with its help and default."""
    group = parser.add_argument_group("scoring")
    group.add_argument(
        "--preset",
        default="strict",
        choices=PRESETS,
        help="the rules: strict (default), tool_n1 (the paper's reward) or bfcl",
    )
    for name in OPTION_NAMES:
        flag = f"--{name.replace('_', '-')}"
        if name in OPTION_CHOICES:
            default = "tool_n1" if name == "format" else _OPTION_DEFAULTS.get(name)
            shown = "" if name == "think" else f" (default: {default})"
            group.add_argument(
                flag, choices=OPTION_CHOICES[name], default=None, help=OPTION_HELP[name] + shown
            )
        else:
            group.add_argument(flag, action="store_true", default=None, help=OPTION_HELP[name])


_OPTION_DEFAULTS = {f.name: f.default for f in dataclasses.fields(ParseOptions)}


def _options(args: argparse.Namespace) -> dict[str, Any]:
    return {name: value for name in OPTION_NAMES if (value := getattr(args, name)) is not None}


def _fields(args: argparse.Namespace) -> Fields:
    named = {
        "completion": args.completion_field,
        "ground_truth": args.ground_truth_field,
        "tools": args.tools_field,
        "id": args.id_field,
    }
    return Fields(**{k: v for k, v in named.items() if v})


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
    if args.examples < 0:
        raise UsageError("--examples must be 0 or more")
    if args.calls and args.preset == "tool_n1":
        raise UsageError("--calls needs preset strict or bfcl (tool_n1 reads as the paper does)")
    # Validate preset and options once, before reading anything.
    try:
        check_config(args.preset, **options)
    except ToolRewardError as exc:
        raise UsageError(str(exc)) from None
    try:
        gold = load_gold(args.gold) if args.gold else None
    except GoldFileError as exc:
        raise UsageError(str(exc)) from None
    rows = _open_rows(args.file, _fields(args))
    to_stdout = args.out == "-"
    try:
        out_fh = None if not args.out or to_stdout else open(args.out, "w", encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        rows.close()
        raise UsageError(f"cannot write --out {args.out}: {exc}") from None
    size = None if args.file == "-" else os.path.getsize(args.file)
    progress = Progress(
        enabled=not args.no_progress and sys.stderr.isatty() and (size is None or size > 1 << 20),
        total_bytes=size,
    )
    summary = Summary(by_category=args.preset == "bfcl", examples=args.examples)
    failure: str | None = None
    try:
        verdicts = judge_lines(
            rows, args.preset, options, gold, args.workers, _fields(args), args.calls
        )
        for out in verdicts:
            summary.add(out)
            if to_stdout:
                print(_jsonl(out), flush=False)
            elif out_fh is not None:
                out_fh.write(_jsonl(out) + "\n")
            progress.update(summary.records, rows.bytes_read)
    except BrokenPipeError:
        raise  # the reader of --out - went away: main() stops quietly
    except (OSError, EOFError, zlib.error, ValueError) as exc:  # unreadable part-way through
        failure = f"cannot read {args.file} after line {rows.lines}: {exc}"
    finally:
        progress.close()
        if out_fh is not None:
            out_fh.close()
        rows.close()
    # The summary goes to stdout, unless the verdict lines do (--out -).
    report = sys.stderr if to_stdout else sys.stdout
    print(render(summary, "json" if args.json else args.report), file=report)
    if summary.records == 0 and failure is None:
        print(f"toolreward: warning: {args.file} holds no records", file=sys.stderr)
    if summary.bad_records:
        lines = ", ".join(where(e) for e in summary.examples.get(BAD_RECORD, ()))
        more = ", ..." if summary.bad_records > len(summary.examples.get(BAD_RECORD, ())) else ""
        print(
            f"toolreward: warning: {summary.bad_records} bad record(s) ({lines}{more}); "
            "each has a bad_record line in --out saying what is wrong",
            file=sys.stderr,
        )
    if failure is not None:
        raise UsageError(failure)
    return EXIT_BAD_RECORDS if summary.bad_records else EXIT_OK


def _open_rows(path: str, fields: Fields) -> _Rows:
    """The input's lines (JSONL, gzip) or rows (parquet), counted as they are read."""
    if path.endswith(".parquet"):
        try:
            import pyarrow.parquet as pq  # type: ignore[import-untyped]
        except ImportError:
            raise UsageError(
                "parquet input needs pyarrow: pip install 'toolreward[parquet]'"
            ) from None
        try:
            return _ParquetRows(pq.ParquetFile(path), fields)
        except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
            raise UsageError(f"cannot read {path}: {exc}") from None
    try:
        return _counting(open_input(path), closing=path != "-")
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc}") from None


def _run_check(args: argparse.Namespace) -> int:
    options = _options(args)
    completion = _argument(args.completion, stdin_ok=True)
    truth = _argument(args.ground_truth)
    tools = _argument(args.tools) if args.tools is not None else None
    try:
        verdict = score(completion, truth, tools=tools, preset=args.preset, **options)
        calls = parsed_calls(completion, args.preset, options)
    except ToolRewardError as exc:
        raise UsageError(str(exc)) from None
    if args.json:
        print(json.dumps({**verdict.to_dict(), "calls": calls}, ensure_ascii=False))
    else:
        print(f"reward     {verdict.reward}")
        print(f"reason     {verdict.reason}")
        if verdict.detail:
            print(f"detail     {verdict.detail}")
        if args.preset != "tool_n1":
            shown = "(none: the format is not valid)" if calls is None else json.dumps(calls)
            print(f"calls      {shown}")
    return EXIT_OK if verdict.reward == 1.0 else EXIT_BAD_RECORDS


def _argument(value: str, stdin_ok: bool = False) -> str:
    """A command-line text: as given, ``@FILE`` for a file's content, ``-`` for stdin."""
    if stdin_ok and value == "-":
        return sys.stdin.read()
    if value.startswith("@"):
        try:
            with open(value[1:], encoding="utf-8") as fh:
                return fh.read()
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"cannot read {value[1:]}: {exc}") from None
    return value


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


class _Rows:
    """Input rows, counted as they are read (lines and bytes, for progress)."""

    bytes_read = 0
    lines = 0

    def __iter__(self) -> Iterator[Line]:
        raise NotImplementedError

    def close(self) -> None:
        """Release the input."""


class _counting(_Rows):
    """The lines of a binary file, split at ``\\n`` only (a bare CR stays
    inside its record)."""

    def __init__(self, fh: BinaryIO, closing: bool) -> None:
        self.fh = fh
        self.closing = closing

    def __iter__(self) -> Iterator[bytes]:
        for line in self.fh:
            self.bytes_read += len(line)
            self.lines += 1
            yield line[:-1] if line.endswith(b"\n") else line

    def close(self) -> None:
        if self.closing:
            self.fh.close()


class _ParquetRows(_Rows):
    """The rows of a parquet file as records, 512 at a time.  A ground truth
    stored as a list (not JSON text) is checked for Arrow's null fill."""

    def __init__(self, table: Any, fields: Fields) -> None:
        self.table = table
        self.fields = fields

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for batch in self.table.iter_batches(batch_size=512):
            self.bytes_read += batch.nbytes
            for row in batch.to_pylist():
                self.lines += 1
                truth = self.fields.get(row, "ground_truth")
                if isinstance(truth, list):
                    warn_on_arrow_fill(truth)
                yield row

    def close(self) -> None:
        self.table.close()


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
    for stream in (sys.stdout, sys.stderr):
        # Text echoed from the input (ids, details) may hold characters the
        # terminal's encoding lacks, or lone surrogates: escape, never crash.
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
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
        if args.command == "check":
            return _run_check(args)
        if args.command == "bfcl":
            return _run_bfcl(args)
        if args.command == "data":
            return _run_data(args)
        if args.command == "eval":
            return _run_eval(args)
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
