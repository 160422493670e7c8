"""Write verl training parquet in the Tool-N1 layout from JSONL records.

Input records: ``{"question": str, "tools": [...], "ground_truth": [...]}``
(optionally ``"system"`` for a preamble).  Output rows, as verl's RL dataset
reads them:

* ``data_source``: ``"toolcall"``;
* ``prompt``: ``[{"role": "system", ...}, {"role": "user", ...}]`` with the
  Tool-N1 system prompt (``toolreward.prompts``: tools inside
  ``<tools></tools>``, one JSON object per line, then the think/tool_call
  instructions);
* ``reward_model``: ``{"style": "rule", "ground_truth": <JSON string>}``;
* ``extra_info``: ``{"index": i, "tools": <JSON string>}`` (the adapter reads
  the tools from there for the schema check).

Run: ``python examples/verl/preprocess.py IN.jsonl OUT.parquet``.  This runs on
CPU (it needs ``datasets`` for parquet); see ``docs/integrations.md``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from toolreward.prompts import tool_n1_system_prompt


def to_row(i: int, record: dict[str, Any]) -> dict[str, Any]:
    tools = record.get("tools") or []
    return {
        "data_source": "toolcall",
        "prompt": [
            {"role": "system", "content": tool_n1_system_prompt(tools, record.get("system", ""))},
            {"role": "user", "content": record["question"]},
        ],
        "ability": "tool_call",
        "reward_model": {"style": "rule", "ground_truth": json.dumps(record["ground_truth"])},
        "extra_info": {"index": i, "tools": json.dumps(tools)},
    }


def main(src: str, dst: str) -> None:
    from datasets import Dataset

    lines = [line for line in Path(src).read_text().splitlines() if line.strip()]
    rows = [to_row(i, json.loads(line)) for i, line in enumerate(lines)]
    Dataset.from_list(rows).to_parquet(dst)
    print(f"wrote {len(rows)} rows to {dst}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
