"""``toolreward plot RUN_DIR``: PNG curves of a run's ``metrics.jsonl`` (needs matplotlib).

Writes ``RUN_DIR/plots/<name>.png`` for each curve group that has data and
``overview.png`` with all of them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .runlog import read_metrics

#: figure name -> (title, metric keys drawn on it)
CURVES: dict[str, tuple[str, tuple[str, ...]]] = {
    "reward": ("reward", ("reward/mean", "eval/reward")),
    "zero_spread": ("zero-spread groups", ("zero_spread_frac",)),
    "length": ("response length (tokens)", ("response/length_mean",)),
    "kl": ("KL to reference (k3)", ("kl",)),
    "clip": ("clip fraction", ("clip_frac",)),
    "loss": ("loss", ("loss",)),
    "entropy": ("entropy", ("entropy",)),
    "throughput": ("tokens/s", ("tokens_per_s/rollout", "tokens_per_s/update")),
}


def series(rows: list[dict[str, Any]], key: str) -> tuple[list[int], list[float]]:
    """The (steps, values) of ``key`` over the rows where it has a value."""
    points = [(row["step"], float(row[key])) for row in rows if row.get(key) is not None]
    return [p[0] for p in points], [p[1] for p in points]


def plot_run(run_dir: str | Path) -> list[Path]:
    """Draw the curves of ``run_dir``; returns the PNG files written."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    run_dir = Path(run_dir)
    metrics = run_dir / "metrics.jsonl"
    if not metrics.exists():
        raise FileNotFoundError(f"no metrics.jsonl in {run_dir}")
    rows = read_metrics(metrics)
    out = run_dir / "plots"
    out.mkdir(exist_ok=True)
    drawn = {
        name: spec for name, spec in CURVES.items() if any(series(rows, key)[0] for key in spec[1])
    }
    written = []
    cols = 4
    lines = -(-len(drawn) // cols) or 1
    overview, axes = plt.subplots(lines, cols, figsize=(4 * cols, 3 * lines), squeeze=False)
    for slot, (name, (title, keys)) in enumerate(drawn.items()):
        fig, ax = plt.subplots(figsize=(5, 3.2))
        for target in (ax, axes[slot // cols][slot % cols]):
            for key in keys:
                steps, values = series(rows, key)
                if steps:
                    target.plot(
                        steps,
                        values,
                        marker="o" if len(steps) < 40 else None,
                        markersize=3,
                        label=key,
                    )
            target.set_title(title)
            target.set_xlabel("step")
            target.grid(alpha=0.3)
            if len(keys) > 1:
                target.legend(fontsize=7)
        fig.tight_layout()
        fig.savefig(out / f"{name}.png", dpi=110)
        plt.close(fig)
        written.append(out / f"{name}.png")
    for slot in range(len(drawn), lines * cols):
        axes[slot // cols][slot % cols].axis("off")
    overview.tight_layout()
    overview.savefig(out / "overview.png", dpi=90)
    plt.close(overview)
    written.append(out / "overview.png")
    return written
