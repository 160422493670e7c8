"""Peak memory per phase of a step: the meter's arithmetic, and the loop's phases.

CUDA's peak counters are replaced by a fake device whose allocation the
test drives, so the bookkeeping is checked on CPU; on a real CPU run no
memory figure is reported at all.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")

from tiny_lm import answer_tokenizer, run_config  # noqa: E402

from toolreward.grpo import config_from_dict, train  # noqa: E402
from toolreward.grpo.memory import GIB, PhaseMemory  # noqa: E402


class FakeDevice:
    """Peak counters like CUDA's: ``use`` raises the peak; reading resets it to the current."""

    def __init__(self) -> None:
        self.current = 0
        self.peak = 0

    def use(self, delta: int) -> None:
        self.current += delta
        self.peak = max(self.peak, self.current)

    def read(self) -> tuple[int, int]:
        peaks = self.peak, self.peak + int(GIB)  # reserved: one GiB above allocated
        self.peak = self.current
        return peaks


def test_each_phase_keeps_its_own_highest_peak() -> None:
    device = FakeDevice()
    meter = PhaseMemory(torch.device("cuda"), reader=device.read)
    device.use(5 * int(GIB))  # before any phase: not attributed to one
    device.use(-4 * int(GIB))
    with meter.phase("rollout"):
        device.use(2 * int(GIB))
        device.use(-2 * int(GIB))
    for extra in (3, 1):  # entered twice: the higher peak stays
        with meter.phase("update"):
            device.use(extra * int(GIB))
            device.use(-extra * int(GIB))
    assert meter.metrics() == {
        "memory/rollout_allocated_gib": 3.0,
        "memory/rollout_reserved_gib": 4.0,
        "memory/update_allocated_gib": 4.0,
        "memory/update_reserved_gib": 5.0,
    }


def test_a_cpu_run_reports_no_memory_figures(tmp_path: Path) -> None:
    config = config_from_dict(run_config(tmp_path, run={"steps": 1}))
    row = train(config, tokenizer=answer_tokenizer()).metrics[-1]
    assert not [key for key in row if key.startswith("memory/")]
    assert row["time/reference_s"] > 0  # kl_coef > 0 by default: a reference pass ran
    assert row["time/old_logprobs_s"] == 0  # one update per rollout: no old log-probs


def test_a_step_reports_every_phase(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    device = FakeDevice()
    seen: list[str] = []

    class Metered(PhaseMemory):
        def __init__(self, _device: Any) -> None:
            super().__init__(torch.device("cuda"), reader=device.read)

        def phase(self, name: str) -> Any:
            seen.append(name)
            device.use(len(seen))  # a distinct allocation inside each entry
            return super().phase(name)

    monkeypatch.setattr("toolreward.grpo.trainer.PhaseMemory", Metered)
    config = config_from_dict(
        run_config(tmp_path, loss={"mini_batch_prompts": 1}, run={"steps": 1})
    )
    row = train(config, tokenizer=answer_tokenizer()).metrics[-1]
    phases = ("rollout", "reference", "update", "optimizer")
    for phase in phases:
        assert row[f"memory/{phase}_allocated_gib"] > 0
        assert row[f"memory/{phase}_reserved_gib"] == row[f"memory/{phase}_allocated_gib"] + 1
    assert seen == ["rollout", "reference", "update", "optimizer", "update", "optimizer"]
    assert row["time/old_logprobs_s"] > 0  # two updates per rollout: old log-probs fixed once
