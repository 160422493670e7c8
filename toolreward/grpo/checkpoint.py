"""Checkpoints: trainable weights (or the LoRA adapter), optimizer, scheduler, RNG state, step.

Layout: ``RUN_DIR/checkpoints/step-000010/`` holding ``weights.pt`` (the
parameters that train, by name), ``master.pt`` (their fp32 master copies,
when the model trains in bf16), ``optimizer.pt`` and ``state.pt``.  A
checkpoint is written to a temporary folder and renamed into place, so a
run killed mid-save leaves the previous checkpoint intact.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path
from typing import Any

import torch

PREFIX = "step-"


def checkpoint_dir(run_dir: Path, step: int) -> Path:
    """Where the checkpoint of ``step`` lives."""
    return run_dir / "checkpoints" / f"{PREFIX}{step:06d}"


def latest_checkpoint(run_dir: Path) -> Path | None:
    """The checkpoint with the highest step, or ``None``."""
    folder = run_dir / "checkpoints"
    if not folder.is_dir():
        return None
    done = [p for p in folder.iterdir() if p.name.startswith(PREFIX) and (p / "state.pt").exists()]
    return max(done, key=lambda p: int(p.name[len(PREFIX) :]), default=None)


def save_checkpoint(
    run_dir: Path, step: int, model: Any, optimizer: Any, scheduler: Any, master: Any = None
) -> Path:
    """Write the checkpoint of ``step`` atomically; returns its folder."""
    final = checkpoint_dir(run_dir, step)
    tmp = final.with_name(final.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    weights = {name: p.detach().cpu() for name, p in model.named_parameters() if p.requires_grad}
    torch.save(weights, tmp / "weights.pt")
    if master is not None:  # the fp32 copies hold what the rounded weights lose
        torch.save(master.state_dict(), tmp / "master.pt")
    torch.save(
        {"optimizer": optimizer.state_dict(), "scheduler": scheduler.state_dict()},
        tmp / "optimizer.pt",
    )
    state = {
        "step": step,
        "python_rng": random.getstate(),
        "torch_rng": torch.get_rng_state(),
        "cuda_rng": torch.cuda.get_rng_state_all() if torch.cuda.is_available() else None,
    }
    torch.save(state, tmp / "state.pt")
    shutil.rmtree(final, ignore_errors=True)
    tmp.rename(final)
    return final


def load_checkpoint(
    folder: Path, model: Any, optimizer: Any, scheduler: Any, master: Any = None
) -> int:
    """Restore weights, optimizer, scheduler and RNG from ``folder``; returns its step."""
    weights = torch.load(folder / "weights.pt", map_location="cpu")
    params = dict(model.named_parameters())
    missing = [name for name in weights if name not in params]
    if missing:
        raise ValueError(f"{folder}: checkpoint weights not in this model: {missing[:3]}")
    with torch.no_grad():
        for name, value in weights.items():
            params[name].copy_(value)
    if master is not None:
        if (folder / "master.pt").exists():
            master.load_state_dict(torch.load(folder / "master.pt", map_location="cpu"))
        else:
            master.load_state_dict([p.detach().float() for p in master.model_params])
    opt = torch.load(folder / "optimizer.pt", map_location="cpu")
    optimizer.load_state_dict(opt["optimizer"])
    scheduler.load_state_dict(opt["scheduler"])
    state = torch.load(folder / "state.pt", map_location="cpu", weights_only=False)
    random.setstate(state["python_rng"])
    torch.set_rng_state(state["torch_rng"])
    if state["cuda_rng"] is not None and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state["cuda_rng"])
    return int(state["step"])
