"""Write ``docs/api.md``: the public API, from the docstrings themselves.

Run: ``python docs/gen_api.py`` (``tests/test_docs.py`` checks that the
committed page is what this script writes).
"""

from __future__ import annotations

import dataclasses
import inspect
import sys
from pathlib import Path
from typing import Any

import toolreward
from toolreward.options import OPTION_CHOICES, OPTION_HELP, ParseOptions
from toolreward.reasons import REASONS

PAGE = Path(__file__).with_name("api.md")
ADAPTERS = {
    "toolreward.integrations.trl": ["ToolCallReward", "AsyncToolCallReward"],
    "toolreward.integrations.verl": ["compute_score", "compute_score_batch"],
    "toolreward.integrations.openrlhf": ["reward_func", "reward_values"],
    "toolreward.integrations.nemo_gym": ["verify", "message_of_response"],
    "toolreward.server": ["create_app", "ServerConfig"],
    "toolreward.report": ["render"],
    "toolreward.components": ["verdict_components", "call_counts", "partial_credit", "CallCounts"],
}


def _summary(obj: Any) -> str:
    """The docstring up to its first example or blank-line-separated section."""
    doc = inspect.getdoc(obj) or ""
    kept: list[str] = []
    for line in doc.splitlines():
        if line.startswith(">>>") or line.rstrip().endswith("::"):
            break
        kept.append(line)
    return "\n".join(kept).strip()


def _signature(obj: Any) -> str:
    try:
        return str(inspect.signature(obj))
    except (TypeError, ValueError):
        return ""


VALUES = {
    "PRESETS": lambda: "\n".join(
        f"* `{name}`: {preset.summary}" for name, preset in toolreward.PRESETS.items()
    ),
    "REASONS": lambda: "Every reason code and its meaning: see the table below.",
}


def _entry(qualified: str, obj: Any) -> list[str]:
    name = qualified.rsplit(".", 1)[1]
    if name in VALUES:
        return [f"### `{qualified}`", "", VALUES[name](), ""]
    kind = "class" if inspect.isclass(obj) else "function"
    return [
        f"### `{qualified}{_signature(obj)}`",
        "",
        f"*{kind}*",
        "",
        "```text",
        _summary(obj),
        "```",
        "",
    ]


def build() -> str:
    lines = [
        "# API reference",
        "",
        "Generated from the docstrings by `python docs/gen_api.py`; do not edit by hand.",
        "",
        "## `toolreward`",
        "",
    ]
    for name in toolreward.__all__:
        if name == "__version__":
            continue
        lines += _entry(f"toolreward.{name}", getattr(toolreward, name))
    lines += [
        "## Options (`score(..., **options)`, `parse(..., **options)`)",
        "",
        "| option | default | values | meaning |",
        "|---|---|---|---|",
    ]
    for field in dataclasses.fields(ParseOptions):
        values = ", ".join(f"`{v}`" for v in OPTION_CHOICES.get(field.name, ("True", "False")))
        lines.append(
            f"| `{field.name}` | `{field.default!r}` | {values} | {OPTION_HELP[field.name]} |"
        )
    lines += ["", "## Reason codes", "", "| code | meaning |", "|---|---|"]
    lines += [f"| `{code}` | {text} |" for code, text in REASONS.items()]
    lines += [""]
    for module_name, names in ADAPTERS.items():
        module = sys.modules.get(module_name) or __import__(module_name, fromlist=["_"])
        lines += [f"## `{module_name}`", "", "```text", _summary(module), "```", ""]
        for name in names:
            lines += _entry(f"{module_name}.{name}", getattr(module, name))
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    PAGE.write_text(build(), encoding="utf-8")
    print(f"wrote {PAGE}")
