"""The reproduction chain on CPU: source file -> records -> GRPO -> BFCL table.

``toolreward data`` converts the xLAM fixture, the reference trainer runs two
steps of GRPO on a tiny random model with those records, and ``toolreward
eval`` answers BFCL entries with the trained model (loaded from the run's
``final`` folder) and prints the table.  A smoke test of the wiring: the tiny
model's answers are noise.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bfcl_harness import bfcl_data_or_skip

from toolreward.cli import main

pytest.importorskip("torch")
pytest.importorskip("transformers")

FIXTURES = Path(__file__).parent / "fixtures"


def test_data_train_eval_chain(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bfcl_data_or_skip()
    from tiny_lm import char_tokenizer, qwen2_config, run_config

    from toolreward.grpo import config_from_dict, train

    data = tmp_path / "data"
    assert main(["data", "xlam", str(FIXTURES / "xlam_sample.jsonl"), "--out", str(data),
                 "--test-share", "0"]) == 0  # fmt: skip
    summary = json.loads(capsys.readouterr().out)
    assert summary["train"] == 4
    tokenizer = char_tokenizer()  # characters: every prompt has tokens, also once reloaded
    config = run_config(
        tmp_path,
        model={"config": qwen2_config(len(tokenizer)), "tokenizer": "char"},
        data={"train": str(data / "train.jsonl"), "system_prompt": "tool_n1",
              "max_prompt_tokens": 4096},
        run={"steps": 2, "output_dir": str(tmp_path / "run")},
    )  # fmt: skip
    result = train(config_from_dict(config), tokenizer=tokenizer)
    assert [row["step"] for row in result.metrics] == [1, 2]
    final = result.run_dir / "final"
    out = tmp_path / "eval"
    assert main(["eval", "--model", str(final), "--out", str(out), "--categories",
                 "simple_python,irrelevance", "--limit", "2", "--max-new-tokens", "2",
                 "--no-progress", "--device", "cpu"]) == 0  # fmt: skip
    table = capsys.readouterr().out
    assert "simple_python                       2" in table
    assert "irrelevance                         2" in table
    files = sorted(p.name for p in (out / "result" / "final").rglob("*_result.json"))
    assert files == ["BFCL_v4_irrelevance_result.json", "BFCL_v4_simple_python_result.json"]


@pytest.mark.parametrize("backend", ["transformers", "vllm"])
def test_eval_merges_a_lora_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    backend: str,
) -> None:  # fmt: skip
    """A LoRA run's ``final`` folder holds the adapter only: ``toolreward eval`` loads the
    base (``--base-model``), merges the adapter and answers; for vLLM (a stand-in with its
    API, see test_bfcl_harness.py) the merged model is saved to OUT/merged and loaded there."""
    pytest.importorskip("peft")
    bfcl_data_or_skip()
    import torch
    import transformers
    from tiny_lm import char_tokenizer, qwen2_config, run_config, write_records

    from toolreward.grpo import config_from_dict, train

    tokenizer = char_tokenizer()
    torch.manual_seed(0)
    base = transformers.Qwen2ForCausalLM(transformers.Qwen2Config(**qwen2_config(len(tokenizer))))
    base_dir = tmp_path / "base"
    base.save_pretrained(base_dir)
    records = write_records(tmp_path / "train.jsonl", ["a", "b"])
    config = run_config(
        tmp_path,
        model={"config": qwen2_config(len(tokenizer)), "tokenizer": "char",
               "lora": {"r": 4, "target_modules": ["q_proj", "v_proj"]}},
        data={"train": str(records)},
        run={"steps": 1, "output_dir": str(tmp_path / "run")},
    )  # fmt: skip
    result = train(config_from_dict(config), model=base, tokenizer=tokenizer)
    final = result.run_dir / "final"
    assert (final / "adapter_config.json").exists()
    out = tmp_path / "eval"
    argv = ["eval", "--model", str(final), "--base-model", str(base_dir), "--out", str(out),
            "--categories", "irrelevance", "--limit", "2", "--max-new-tokens", "2",
            "--no-progress", "--device", "cpu", "--backend", backend]  # fmt: skip
    if backend == "vllm":
        from test_bfcl_harness import _install_fake_vllm

        fake = _install_fake_vllm(monkeypatch)
    assert main(argv) == 0
    assert "irrelevance                         2" in capsys.readouterr().out
    if backend == "vllm":
        assert [e["model"] for e in fake.engines] == [str(out / "merged")]
        merged = transformers.AutoModelForCausalLM.from_pretrained(out / "merged")
        assert not any("lora" in name for name, _ in merged.named_parameters())
