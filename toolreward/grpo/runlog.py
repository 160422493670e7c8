"""The per-step metrics file (``RUN_DIR/metrics.jsonl``) and the progress line.

One JSON object per line; ``step`` 0 holds the held-out reward before
training.  On resume, lines after the checkpoint's step are dropped first,
so the file always describes one consistent run.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any, TextIO


def read_metrics(path: Path) -> list[dict[str, Any]]:
    """All rows of a metrics file."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


class MetricsLog:
    """Append-only JSONL writer, truncated to ``keep_until`` (a step) when opened."""

    def __init__(self, path: Path, keep_until: int | None) -> None:
        self.path = path
        kept = []
        if keep_until is not None and path.exists():
            kept = [row for row in read_metrics(path) if row.get("step", 0) <= keep_until]
        with path.open("w", encoding="utf-8") as handle:
            for row in kept:
                handle.write(json.dumps(row) + "\n")

    def write(self, row: dict[str, Any]) -> None:
        """Append one row and flush it to disk."""
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(row) + "\n")


class Progress:
    """A one-line progress bar on stderr (a line per step when stderr is not a terminal)."""

    def __init__(self, total: int, start: int, enabled: bool, stream: TextIO | None = None) -> None:
        self.total, self.done, self.enabled = total, start, enabled
        self.stream = stream or sys.stderr
        self.began = time.perf_counter()
        self.first = start

    def update(self, step: int, row: dict[str, Any]) -> None:
        """Show ``step`` of ``total`` with the reward and timing."""
        if not self.enabled:
            return
        self.done = step
        width = 20
        filled = int(width * step / self.total)
        rate = (time.perf_counter() - self.began) / max(step - self.first, 1)
        eta = rate * (self.total - step)
        text = (
            f"[{'#' * filled}{'.' * (width - filled)}] {step}/{self.total} "
            f"reward {row.get('reward/mean', float('nan')):.3f} "
            f"{rate:.1f}s/step eta {eta / 60:.1f}m"
        )
        if "eval/reward" in row:
            text += f" eval {row['eval/reward']:.3f}"
        tty = self.stream.isatty()
        self.stream.write(("\r" + text) if tty else text + "\n")
        if tty and step == self.total:
            self.stream.write("\n")
        self.stream.flush()
