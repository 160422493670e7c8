"""Reports: a run's summary (``toolreward.records.Summary``) as text, Markdown, CSV or JSON.

The command line prints the ``text`` report; ``--report md|csv|json``
chooses another.  Every report gives the record count, the mean reward, the
format-valid rate, each reason code with its count and share, and the first
examples of every failing reason (line, id, detail); a BFCL run adds BFCL's
category table.

>>> from toolreward.records import Summary
>>> s = Summary()
>>> s.add({"line": 1, "id": "a", "reward": 0.0, "format_ok": False, "calls_ok": False,
...        "reason": "missing_think", "detail": "no <think> block"})
>>> print(render(s, "csv").splitlines()[1])
missing_think,1,1.0000,line 1
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from .bfcl.leaderboard import format_bfcl_table
from .records import Summary
from .results import json_safe

REPORTS = ("text", "md", "csv", "json")


def render(summary: Summary, kind: str = "text") -> str:
    """The summary as a report of ``kind`` (one of ``REPORTS``)."""
    data = summary.as_dict()
    if kind == "json":
        return json.dumps(data, indent=2)
    if kind == "csv":
        return json_safe(_csv(data))
    if kind == "md":
        return json_safe(_markdown(data))
    if kind == "text":
        return json_safe(_text(data))
    raise ValueError(f"unknown report {kind!r}; expected one of {', '.join(REPORTS)}")


def where(example: dict[str, Any]) -> str:
    """Where an example sits: ``line N`` (a file) or ``index N`` (a request)."""
    key = "line" if "line" in example else "index"
    return f"{key} {example[key]}"


def _text(d: dict[str, Any]) -> str:
    n = d["records"] or 1
    rows = [
        f"records       {d['records']}",
        f"mean reward   {d['mean_reward']:.4f}",
        f"format valid  {100 * d['format_ok_rate']:.2f}%",
        "",
        f"{'reason':28s} {'count':>8s} {'%':>7s}",
    ]
    for reason, count in d["reasons"].items():
        rows.append(f"{reason:28s} {count:8d} {100 * count / n:6.2f}%")
        for example in d["examples"].get(reason, ()):
            ident = "" if example["id"] is None else f" (id {example['id']})"
            rows.append(f"    {where(example)}{ident}: {_detail(example)}")
    if "bfcl" in d:
        rows += ["", format_bfcl_table(d["bfcl"])]
    return "\n".join(rows)


def _markdown(d: dict[str, Any]) -> str:
    n = d["records"] or 1
    rows = [
        f"**{d['records']} records**, mean reward {d['mean_reward']:.4f}, "
        f"format valid {100 * d['format_ok_rate']:.2f}%",
        "",
        "| reason | count | % | examples |",
        "|---|---:|---:|---|",
    ]
    for reason, count in d["reasons"].items():
        shown = "; ".join(f"{where(e)}: {_cell(_detail(e))}" for e in d["examples"].get(reason, ()))
        rows.append(f"| `{reason}` | {count} | {100 * count / n:.2f} | {shown} |")
    if "bfcl" in d:
        rows += ["", "```", format_bfcl_table(d["bfcl"]), "```"]
    return "\n".join(rows)


def _csv(d: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["reason", "count", "share", "examples"])
    n = d["records"] or 1
    for reason, count in d["reasons"].items():
        places = " ".join(where(e) for e in d["examples"].get(reason, ()))
        writer.writerow([reason, count, f"{count / n:.4f}", places])
    return out.getvalue().rstrip("\n")


def _detail(example: dict[str, Any]) -> str:
    """The example's detail, without the position a bad record's detail repeats."""
    text = str(example["detail"]).removeprefix(f"{where(example)}: ")
    return text if len(text) <= 100 else text[:97] + "..."


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
