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


def _verl_import_utils() -> ModuleType:
    """verl's own loader module.  ``import verl`` starts Ray; this module needs
    only the standard library, so it is executed from verl's installed file."""
    spec = importlib.util.find_spec("verl")
    if spec is None or spec.origin is None:
        pytest.skip("verl is not installed")
    path = Path(spec.origin).parent / "utils" / "import_utils.py"
    loader_spec = importlib.util.spec_from_file_location("verl_import_utils", path)
    assert loader_spec is not None and loader_spec.loader is not None
    module = importlib.util.module_from_spec(loader_spec)
    loader_spec.loader.exec_module(module)
    return module


def test_verl_loads_the_file_with_its_own_loader() -> None:
    import_utils = _verl_import_utils()
    fn = import_utils.load_extern_object(str(DIR / "verl.py"), "compute_score")
    assert fn("tool", GOOD, GT)["score"] == 1.0
    fn = import_utils.load_extern_object("pkg://toolreward.integrations.verl", "compute_score")
    assert fn("tool", GOOD, GT)["score"] == 1.0


def test_openrlhf_runs_our_file_through_its_own_executor_and_batching() -> None:
    """OpenRLHF 0.11's SingleTurnAgentExecutor loads the file, scores one sample
    per call, and its Experience batching concatenates and splits the logs."""
    import asyncio
    import sys
    import types

    torch = pytest.importorskip("torch")
    agent = pytest.importorskip("openrlhf.utils.agent")
    experience = pytest.importorskip("openrlhf.trainer.ppo_utils.experience")
    # samples_generator imports ray and vllm at module level; only its pure
    # Experience-building method runs here, so stand-ins suffice for those imports.
    stubs = {
        "ray": types.ModuleType("ray"),
        "vllm": types.SimpleNamespace(SamplingParams=object),
        "openrlhf.trainer.ray.vllm_engine": types.SimpleNamespace(batch_vllm_engine_call=None),
    }
    saved = {name: sys.modules.get(name) for name in stubs}
    sys.modules.update(stubs)  # type: ignore[arg-type]
    try:
        generator = importlib.import_module("openrlhf.trainer.ppo_utils.samples_generator")
    finally:
        for name, module in saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module

    executor = agent.SingleTurnAgentExecutor(remote_rm_url=str(DIR / "openrlhf.py"))
    prompt = "<|im_start|>user\nq<|im_end|>\n<|im_start|>assistant\n"
    completions = [GOOD, "nope", GOOD + " done", GOOD]
    experiences = []
    for text in completions:
        (info,) = asyncio.run(executor._fetch_rewards_via_func([prompt + text], [prompt], [GT]))
        response = {
            "observation_tokens": [1, 2, 3, 4], "action_ranges": [(2, 4)],
            "reward": info["rewards"], "scores": info["scores"],
            "extra_logs": info["extra_logs"], "rollout_log_probs": None,
            "prompt": prompt, "label": GT,
        }  # fmt: skip
        experiences.append(
            generator.SamplesGenerator._process_response_into_experience(None, response)
        )
    batch = experience.make_experience_batch(experiences)

    def column(key: str) -> list[float]:
        return [float(torch.as_tensor(v).flatten()[0]) for v in batch.info[key]]

    assert column("reward") == [1.0, 0.0, 0.0, 1.0]
    assert column("reason/ok") == [1.0, 0.0, 0.0, 1.0]
    assert column("reason/trailing_text") == [0.0, 0.0, 1.0, 0.0]
    assert column("format_ok") == [1.0, 0.0, 0.0, 1.0]
    assert len(experience.split_experience_batch(batch)) == 4
