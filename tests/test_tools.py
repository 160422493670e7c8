"""Tool lists: indexes cached by content, bounded, shared by fresh copies of a list."""

from __future__ import annotations

import copy
import gc
import json

import numpy as np
import pytest

from toolreward import schema, score
from toolreward import tools as tools_module
from toolreward.tools import content_key, load_tools

TOOLS = [
    {
        "type": "function",
        "function": {
            "name": "get_weather",
            "parameters": {
                "type": "object",
                "properties": {"city": {"type": "string"}, "tags": {"type": "array"}},
                "required": ["city"],
            },
        },
    }
]
GOOD = (
    '<think>r</think><tool_call>[{"name": "get_weather", "arguments": {"city": "Paris"}}]'
    "</tool_call>"
)
TRUTH = '[{"name": "get_weather", "arguments": {"city": "Paris"}}]'


def _reordered(tools: list) -> list:
    return json.loads(json.dumps(tools, sort_keys=True))


@pytest.mark.parametrize(
    "same",
    [
        lambda t: copy.deepcopy(t),
        _reordered,  # object key order does not matter
        lambda t: np.array(copy.deepcopy(t), dtype=object),  # a parquet column
    ],
    ids=["deep copy", "keys reordered", "numpy array"],
)
def test_equal_content_shares_one_index(same) -> None:  # type: ignore[no-untyped-def]
    assert load_tools(same(TOOLS)) is load_tools(copy.deepcopy(TOOLS))


def test_different_content_gets_its_own_index() -> None:
    other = copy.deepcopy(TOOLS)
    other[0]["function"]["parameters"]["required"] = []
    assert load_tools(other) is not load_tools(TOOLS)
    assert content_key(other) != content_key(TOOLS)


def test_the_cache_is_bounded() -> None:
    for i in range(3 * tools_module._CACHE_SIZE):
        fresh = copy.deepcopy(TOOLS)
        fresh[0]["function"]["name"] = f"tool_{i}"
        load_tools(fresh)
    assert len(tools_module._CACHE) <= tools_module._CACHE_SIZE


def test_fresh_lists_compile_each_schema_once(monkeypatch: pytest.MonkeyPatch) -> None:
    tools_module._CACHE.clear()
    compiled = []
    real = schema.compile_validator

    def counting(params: object, path: str) -> object:
        compiled.append(path)
        return real(params, path)

    monkeypatch.setattr(tools_module, "compile_validator", counting)
    for _ in range(2000):
        assert score(GOOD, TRUTH, tools=copy.deepcopy(TOOLS)).reward == 1.0
    assert len(compiled) == 1


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * 4096 / 1e6


@pytest.mark.skipif(not hasattr(gc, "collect") or not __import__("os").path.exists("/proc/self/statm"),
                    reason="needs /proc")  # fmt: skip
def test_memory_is_flat_with_fresh_lists() -> None:
    for _ in range(2000):  # warm up caches and the allocator
        score(GOOD, TRUTH, tools=copy.deepcopy(TOOLS))
    gc.collect()
    before = _rss_mb()
    for _ in range(30_000):
        score(GOOD, TRUTH, tools=copy.deepcopy(TOOLS))
    gc.collect()
    assert _rss_mb() - before < 20
