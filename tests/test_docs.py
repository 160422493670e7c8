"""The reward contract in docs/reward.md stays true: its example tables are executed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from toolreward import score
from toolreward.reasons import FORMAT_REASONS, REASONS

ROOT = Path(__file__).resolve().parents[1]
DOC = (ROOT / "docs" / "reward.md").read_text(encoding="utf-8")
GT = [{"name": "f", "arguments": {"a": 1}}]
T = '[{"name": "f", "arguments": {"a": 1}}]'


def _rows(section: str) -> list[list[str]]:
    body = DOC.split(f"<!-- {section}:start -->")[1].split(f"<!-- {section}:end -->")[0]
    rows = []
    for line in body.strip().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        if cells[0] in ("reason", "---", "rule") or set(cells[0]) <= {"-", "|"}:
            continue
        rows.append(cells)
    return rows


def _code(cell: str) -> str:
    match = re.fullmatch(r"`(.*)`", cell)
    assert match, cell
    return match.group(1)


REASON_ROWS = _rows("reasons")
DOC_TOOLS = [
    {
        "name": "f",
        "parameters": {
            "type": "object",
            "properties": {"a": {"type": "integer", "enum": [-1, 1, 2, 3], "minimum": 0}},
            "required": ["a"],
        },
    }
]


def test_reason_table_lists_every_code() -> None:
    listed = {r[0].strip("`") for r in REASON_ROWS}
    assert listed == set(REASONS) - {"bad_record", "internal_error"}


@pytest.mark.parametrize("row", REASON_ROWS, ids=[r[0].strip("`") for r in REASON_ROWS])
def test_reason_examples(row: list[str]) -> None:
    reason, options, completion = row[0].strip("`"), row[1], _code(row[2])
    kwargs: dict = {}
    if options == "`tools`":
        kwargs["tools"] = DOC_TOOLS
    elif options != "-":
        key, value = options.strip("`").split("=")
        kwargs[key] = value.strip('"')
    v = score(completion, GT, **kwargs)
    assert v.reason == reason, v.detail
    assert v.format_ok == (reason not in FORMAT_REASONS)


DIFF_ROWS = [r for r in _rows("differences") if r[1].startswith(("`<", "`Sure"))]


def _expect(cell: str) -> tuple[float, str]:
    reward = float(cell.split()[0])
    m = re.search(r"`([a-z_]+)`", cell)
    return reward, (m.group(1) if m else "ok")


@pytest.mark.parametrize("row", DIFF_ROWS, ids=[r[0] for r in DIFF_ROWS])
def test_preset_differences(row: list[str]) -> None:
    completion = _code(row[1]).replace("T<", T + "<")
    for preset, cell in (("tool_n1", row[2]), ("strict", row[3])):
        reward, reason = _expect(cell)
        v = score(completion, GT, preset=preset)
        assert (v.reward, v.reason) == (reward, reason), (preset, v.detail)


def test_api_reference_is_current() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("gen_api", ROOT / "docs" / "gen_api.py")
    assert spec is not None and spec.loader is not None
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    page = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    assert page == gen.build(), "docs/api.md is stale: run python docs/gen_api.py"
    for name in ("score", "parse", "ParseOptions", "includes_prompt", "internal_error"):
        assert name in page
