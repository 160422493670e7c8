"""The adapters load the way the frameworks load them: by file path, outside their package.

verl's ``custom_reward_function.path`` and OpenRLHF's ``--reward.remote_url``
take a ``.py`` file and execute it under a name of their own
(``importlib.util.spec_from_file_location``); relative imports fail there.
Where verl itself is installed, its own loader is used too.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

import toolreward.integrations as integrations

DIR = Path(integrations.__file__).parent
GOOD = '<think>r</think><tool_call>[{"name": "f", "arguments": {"a": 1}}]</tool_call>'
GT = '[{"name": "f", "arguments": {"a": 1}}]'


def load_by_path(name: str) -> ModuleType:
    """What verl's ``load_module`` and OpenRLHF's reward loader do with a file path."""
    spec = importlib.util.spec_from_file_location(f"custom_module_{name}", DIR / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", ["verl", "openrlhf", "trl"])
def test_adapter_files_load_outside_their_package(name: str) -> None:
    module = load_by_path(name)
    if name == "verl":
        assert module.compute_score("tool", GOOD, GT)["score"] == 1.0
    elif name == "openrlhf":
        assert module.reward_values([GOOD], [""], [GT])["rewards"] == [1.0]
    else:
        assert module.ToolCallReward()(completions=[GOOD], ground_truth=[GT]) == [1.0]


def test_verl_loads_the_file_with_its_own_loader() -> None:
    import_utils = pytest.importorskip("verl.utils.import_utils")
    fn = import_utils.load_extern_object(str(DIR / "verl.py"), "compute_score")
    assert fn("tool", GOOD, GT)["score"] == 1.0
    fn = import_utils.load_extern_object("pkg://toolreward.integrations.verl", "compute_score")
    assert fn("tool", GOOD, GT)["score"] == 1.0
