"""Peak accelerator memory per phase of a training step.

Each phase (``rollout``, ``reference``, ``update``, ``optimizer``) resets the
device's peak counters on entry and keeps the highest allocated and reserved
figures seen inside it, over every time it is entered during the step.  The
figures are absolute: weights and optimizer states held from earlier phases
count too, which is what decides whether a phase fits.

On CPU there is nothing to measure and :meth:`PhaseMemory.metrics` is empty.

>>> meter = PhaseMemory(torch.device("cpu"))
>>> with meter.phase("rollout"):
...     pass
>>> meter.metrics()
{}
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

import torch

GIB = float(1 << 30)

#: Reads (peak allocated, peak reserved) bytes since the last reset, then resets.
PeakReader = Callable[[], tuple[int, int]]


class PhaseMemory:
    """Peak allocated and reserved memory, in GiB, per named phase."""

    def __init__(self, device: torch.device, reader: PeakReader | None = None) -> None:
        if reader is None and device.type == "cuda":
            reader = _cuda_reader(device)
        self._read = reader
        self._peaks: dict[str, tuple[int, int]] = {}

    @contextlib.contextmanager
    def phase(self, name: str) -> Iterator[None]:
        """Measure the peak inside the ``with`` block under ``name``."""
        if self._read is None:
            yield
            return
        self._read()  # drop the peak reached before this phase
        try:
            yield
        finally:
            allocated, reserved = self._read()
            old = self._peaks.get(name, (0, 0))
            self._peaks[name] = (max(old[0], allocated), max(old[1], reserved))

    def metrics(self) -> dict[str, float]:
        """``memory/<phase>_allocated_gib`` and ``memory/<phase>_reserved_gib``."""
        out: dict[str, float] = {}
        for name, (allocated, reserved) in self._peaks.items():
            out[f"memory/{name}_allocated_gib"] = allocated / GIB
            out[f"memory/{name}_reserved_gib"] = reserved / GIB
        return out


def _cuda_reader(device: torch.device) -> PeakReader:
    def read() -> tuple[int, int]:
        peaks = torch.cuda.max_memory_allocated(device), torch.cuda.max_memory_reserved(device)
        torch.cuda.reset_peak_memory_stats(device)
        return peaks

    return read
