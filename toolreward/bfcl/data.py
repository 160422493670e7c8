"""BFCL's own test data and possible answers, read from an installed BFCL package.

``bfcl-eval`` (BFCL v4) keeps them in ``bfcl_eval/data/BFCL_v4_<category>.json``
and ``bfcl_eval/data/possible_answer/BFCL_v4_<category>.json``; ``nvidia-bfcl``
(BFCL v3, the version the Tool-N1 paper reports) in ``bfcl/data/BFCL_v3_...``.
Both are JSON Lines.  A possible answer is matched to its test entry by
position in the file, as BFCL's evaluator does (some answer ids are written
differently from their entry's).  The package is located without importing
it, so none of BFCL's dependencies are needed.

>>> VERSIONS["v4"].prefix, VERSIONS["v3"].package
('BFCL_v4', 'bfcl')
"""

from __future__ import annotations

import importlib.util
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ConfigError


@dataclass(frozen=True)
class Version:
    """One BFCL release: the package holding its data and the file-name prefix."""

    name: str
    package: str
    pip: str
    prefix: str


VERSIONS = {
    "v4": Version("v4", "bfcl_eval", "bfcl-eval", "BFCL_v4"),
    "v3": Version("v3", "bfcl", "nvidia-bfcl", "BFCL_v3"),
}


@dataclass(frozen=True)
class Entry:
    """A test entry: its function docs, its possible answer (``None`` when the
    category has none, as for relevance and irrelevance) and its question
    (BFCL's list of turns, each a list of messages)."""

    id: str
    function: Any
    possible_answer: Any
    question: Any = None


@dataclass
class BfclData:
    """The test entries of one BFCL release, loaded per category on first use."""

    root: Path
    version: Version
    _entries: dict[str, dict[str, Entry]] = field(default_factory=dict)

    def entries(self, category: str) -> dict[str, Entry]:
        """The category's entries by id (``{}`` when BFCL has no such file)."""
        cached = self._entries.get(category)
        if cached is None:
            cached = self._entries[category] = self._load(category)
        return cached

    def count(self, category: str) -> int:
        """The number of test entries BFCL has in ``category``."""
        return len(self.entries(category))

    def _load(self, category: str) -> dict[str, Entry]:
        name = f"{self.version.prefix}_{category}.json"
        prompts = _json_lines(self.root / name)
        answers = _json_lines(self.root / "possible_answer" / name)
        if answers and len(answers) != len(prompts):
            raise ConfigError(
                f"{self.root / 'possible_answer' / name}: {len(answers)} answers "
                f"for {len(prompts)} entries"
            )
        return {
            p["id"]: Entry(
                p["id"],
                p.get("function"),
                answers[i]["ground_truth"] if answers else None,
                p.get("question"),
            )
            for i, p in enumerate(prompts)
        }


def _json_lines(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def find_data(version: str = "v4", root: str | Path | None = None) -> BfclData:
    """BFCL's data for ``version`` (``"v4"`` or ``"v3"``), from ``root`` when given,
    else from the installed package (``ConfigError`` naming the package to install)."""
    if version not in VERSIONS:
        raise ConfigError(f"BFCL version {version!r}: expected one of {', '.join(VERSIONS)}")
    release = VERSIONS[version]
    if root is not None:
        path = Path(root)
        if not path.is_dir():
            raise ConfigError(f"BFCL data directory {path} does not exist")
        return BfclData(path, release)
    spec = importlib.util.find_spec(release.package)
    locations = list(spec.submodule_search_locations or []) if spec else []
    for location in locations:
        data = Path(location) / "data"
        if (data / "possible_answer").is_dir():
            return BfclData(data, release)
    raise ConfigError(
        f"BFCL {version} data not found: install it with "
        f"'pip install --no-deps {release.pip}', or pass --bfcl-data DIR"
    )
