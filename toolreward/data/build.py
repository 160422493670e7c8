"""From samples to training files: dedup, seeded train/test split, records in two layouts.

``build(samples, options)`` returns the train and test records and the
counts; ``write(...)`` writes them as JSON Lines and/or parquet:

* **toolreward layout** (``toolreward train`` reads it): ``{"id", "source",
  "messages", "tools", "ground_truth"}``, the ground truth as JSON text so
  it survives Arrow (``docs/integrations.md``);
* **verl layout** (``examples/verl``, verl's ``RLHFDataset``, and
  ``toolreward train`` too): ``{"data_source", "prompt", "reward_model":
  {"style": "rule", "ground_truth"}, "extra_info": {"index", "tools"}}``,
  the prompt with the Tool-N1 system prompt listing the tools.

Duplicates (same chat, tools and answer) keep their first occurrence.

>>> from toolreward.data.sources import Sample
>>> s = Sample("xlam", "f:1", [{"role": "user", "content": "q"}], [], [])
>>> train, test, counts = build([s, s], BuildOptions(test_share=0.0))
>>> counts["duplicates"], len(train)
(1, 1)
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..prompts import tool_n1_system_prompt
from .sources import Sample


@dataclass(frozen=True)
class BuildOptions:
    """How samples become files.

    Attributes:
        test_share: the share of records held out for testing (seeded).
        seed: the seed of the split (and of the augmentations).
        layout: ``"toolreward"``, ``"verl"`` or ``"both"``.
        formats: ``"jsonl"``, ``"parquet"`` or ``"both"``.
    """

    test_share: float = 0.1
    seed: int = 0
    layout: str = "both"
    formats: str = "jsonl"


def _key(sample: Sample) -> str:
    return json.dumps([sample.messages, sample.tools, sample.answer], sort_keys=True)


def dedup(samples: list[Sample]) -> list[Sample]:
    """``samples`` without repeats (same chat, tools and answer), first occurrences kept."""
    seen: set[str] = set()
    unique = []
    for sample in samples:
        key = _key(sample)
        if key not in seen:
            seen.add(key)
            unique.append(sample)
    return unique


def build(
    samples: list[Sample], options: BuildOptions
) -> tuple[list[Sample], list[Sample], dict[str, int]]:
    """``(train, test, counts)``: deduplicated samples, split by a seeded shuffle."""
    unique = dedup(samples)
    order = list(range(len(unique)))
    random.Random(options.seed).shuffle(order)
    n_test = round(options.test_share * len(unique))
    test_idx = set(order[:n_test])
    train = [s for i, s in enumerate(unique) if i not in test_idx]
    test = [s for i, s in enumerate(unique) if i in test_idx]
    counts = {"samples": len(samples), "duplicates": len(samples) - len(unique),
              "train": len(train), "test": len(test)}  # fmt: skip
    return train, test, counts


def toolreward_record(sample: Sample, index: int) -> dict[str, Any]:
    """The record ``toolreward train`` reads."""
    return {
        "id": f"{sample.source}-{index}",
        "source": sample.source,
        "tags": sample.tags,
        "messages": sample.messages,
        "tools": sample.tools,
        "ground_truth": json.dumps(sample.answer, ensure_ascii=False),
    }


def verl_record(sample: Sample, index: int) -> dict[str, Any]:
    """A row of verl's RL parquet: ``data_source``, ``prompt``, ``reward_model``, ``extra_info``."""
    specs = [tool["function"] for tool in sample.tools]
    system = tool_n1_system_prompt(specs)
    return {
        "data_source": "toolcall",
        "prompt": [{"role": "system", "content": system}, *sample.messages],
        "reward_model": {"style": "rule", "ground_truth": _json(sample.answer)},
        "extra_info": {"index": index, "source": sample.source, "tools": _json(sample.tools)},
    }


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def write(out_dir: Path, splits: dict[str, list[Sample]], options: BuildOptions) -> list[Path]:
    """Write every split in the chosen layouts and formats; the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    layouts = ["toolreward", "verl"] if options.layout == "both" else [options.layout]
    formats = ["jsonl", "parquet"] if options.formats == "both" else [options.formats]
    written = []
    for split, samples in splits.items():
        for layout in layouts:
            make = toolreward_record if layout == "toolreward" else verl_record
            rows = [make(s, i) for i, s in enumerate(samples)]
            stem = split if layout == "toolreward" else f"{split}.verl"
            for fmt in formats:
                path = out_dir / f"{stem}.{fmt}"
                if fmt == "jsonl":
                    with path.open("w", encoding="utf-8") as f:
                        for row in rows:
                            f.write(json.dumps(row, ensure_ascii=False) + "\n")
                else:
                    _write_parquet(path, rows)
                written.append(path)
    return written


def _write_parquet(path: Path, rows: list[dict[str, Any]]) -> None:
    import pyarrow as pa  # type: ignore[import-untyped]
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    # Tool specs differ row by row: kept as JSON text, so Arrow never merges their keys.
    flat = [{**row, "tools": _json(row["tools"])} if "tools" in row else row for row in rows]
    pq.write_table(pa.Table.from_pylist(flat), path)
