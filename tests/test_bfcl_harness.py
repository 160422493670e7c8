"""``toolreward eval``: BFCL answers from a model, written as BFCL result files, then scored.

Runs on CPU with a tiny random Qwen2 (and a stand-in generator for exact
checks): the prompts carry the Tool-N1 system prompt with the entry's
functions; answers become FC results; an interrupted run resumes; and the
harness's table equals ``toolreward bfcl`` on the same files.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bfcl_harness import bfcl_data_or_skip

from toolreward.bfcl.data import find_data
from toolreward.bfcl.harness import EvalOptions, as_result, generate_results, prompt_messages
from toolreward.bfcl.run import RunOptions, evaluate
from toolreward.cli import main


def test_answers_become_fc_results() -> None:
    good = '<think>plan</think><tool_call>[{"name": "f", "arguments": {"a": 1}}]</tool_call>'
    assert as_result(good) == [{"f": '{"a": 1}'}]
    assert as_result("<tool_call>[]</tool_call>") == []
    assert as_result("I cannot help.") == "I cannot help."


def test_prompt_lists_the_entry_functions() -> None:
    entry = next(iter(bfcl_data_or_skip().entries("simple_python").values()))
    messages = prompt_messages(entry)
    assert messages[0]["role"] == "system" and "<tools>" in messages[0]["content"]
    assert entry.function[0]["name"] in messages[0]["content"]
    assert messages[-1]["role"] == "user"


def test_generation_writes_resumes_and_scores_like_toolreward_bfcl(tmp_path: Path) -> None:
    data = bfcl_data_or_skip()
    calls: list[int] = []

    def oracle(chats: list) -> list[str]:
        """The first allowed value of each argument, as a trained model would answer."""
        calls.append(len(chats))
        out = []
        for chat in chats:
            user = chat[-1]["content"]
            entry = next(e for e in data.entries("simple_python").values()
                         if e.question[0][-1]["content"] == user)  # fmt: skip
            answer = [{"name": n, "arguments": {k: v[0] for k, v in args.items() if v[0] != ""}}
                      for item in entry.possible_answer for n, args in item.items()]  # fmt: skip
            out.append("<think>ok</think><tool_call>" + json.dumps(answer) + "</tool_call>")
        return out

    options = EvalOptions(categories=("simple_python",), limit=5, batch_size=2, model_name="oracle")
    result_dir = generate_results(oracle, tmp_path, options, progress=False)
    path = result_dir / "non_live" / "BFCL_v4_simple_python_result.json"
    rows = [json.loads(x) for x in path.read_text().splitlines()]
    assert len(rows) == 5 and calls == [2, 2, 1]
    assert all(isinstance(r["result"], list) and r["raw"].startswith("<think>") for r in rows)
    # Resume after an interrupted write: the cut line is answered again, the rest kept.
    path.write_text("\n".join(path.read_text().splitlines()[:3]) + '\n{"id": "simple_py')
    generate_results(oracle, tmp_path, options, progress=False)
    assert calls == [2, 2, 1, 2]
    (score,), _ = evaluate(result_dir, RunOptions(fc=True))
    cat = score.categories["simple_python"]
    assert cat.total == 5 and "bad_record" not in cat.reasons
    # Every first allowed value is right here but one, as BFCL's own rules say
    # (examples/bfcl_oracle_run.py: some first values fail BFCL's checks).
    assert cat.correct >= 4


def test_cli_eval_on_a_tiny_model_matches_toolreward_bfcl(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bfcl_data_or_skip()
    model_dir = _tiny_model_dir(tmp_path)
    out = tmp_path / "eval"
    argv = ["eval", "--model", str(model_dir), "--out", str(out), "--categories",
            "simple_python,irrelevance", "--limit", "3", "--max-new-tokens", "4", "--no-progress"]  # fmt: skip
    assert main(argv) == 0
    harness = capsys.readouterr().out
    assert main(["bfcl", str(out / "result"), "--fc"]) == 0
    direct = capsys.readouterr().out
    assert harness == direct
    assert "simple_python                       3" in harness


class FakeVllm:
    """A stand-in for the ``vllm`` module with the parts of its offline API that the harness
    uses (``LLM(model=..., tokenizer=..., **engine)``, ``LLM.generate(prompts, params,
    use_tqdm=...)`` returning outputs with ``.outputs[0].text``, ``SamplingParams``); it
    records what it was given and answers every prompt with an explicit "no call"."""

    ANSWER = "<think>none fits</think><tool_call>[]</tool_call>"

    def __init__(self) -> None:
        self.engines: list[dict[str, object]] = []
        self.prompts: list[list[int]] = []
        self.params: list[dict[str, object]] = []
        fake = self

        class SamplingParams:
            def __init__(self, **kwargs: object) -> None:
                fake.params.append(kwargs)

        class LLM:
            def __init__(self, **kwargs: object) -> None:
                fake.engines.append(kwargs)

            def generate(self, prompts: list[dict[str, list[int]]], params: object,
                         use_tqdm: bool = True) -> list[object]:  # fmt: skip
                from types import SimpleNamespace

                fake.prompts += [p["prompt_token_ids"] for p in prompts]
                return [SimpleNamespace(outputs=[SimpleNamespace(text=FakeVllm.ANSWER)])
                        for _ in prompts]  # fmt: skip

        self.LLM, self.SamplingParams = LLM, SamplingParams


def _tiny_model_dir(tmp_path: Path) -> Path:
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    from tiny_lm import char_tokenizer, qwen2_config

    torch.manual_seed(0)
    tokenizer = char_tokenizer()
    model = transformers.Qwen2ForCausalLM(transformers.Qwen2Config(**qwen2_config(len(tokenizer))))
    model_dir = tmp_path / "tiny"
    model.save_pretrained(model_dir)
    tokenizer.save_pretrained(model_dir)
    return model_dir


def _install_fake_vllm(monkeypatch: pytest.MonkeyPatch) -> FakeVllm:
    import importlib.machinery
    import sys
    import types

    fake = FakeVllm()
    module = types.ModuleType("vllm")
    module.__spec__ = importlib.machinery.ModuleSpec("vllm", None)
    module.LLM, module.SamplingParams = fake.LLM, fake.SamplingParams  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "vllm", module)
    return fake


def test_the_vllm_backend_gets_the_training_prompt_ids_and_greedy_params(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    bfcl_data_or_skip()
    transformers = pytest.importorskip("transformers")
    from toolreward.bfcl.harness import prompt_ids

    fake = _install_fake_vllm(monkeypatch)
    model_dir = _tiny_model_dir(tmp_path)
    out = tmp_path / "eval"
    argv = ["eval", "--model", str(model_dir), "--out", str(out), "--categories",
            "simple_python,irrelevance", "--limit", "3", "--max-new-tokens", "7", "--no-progress",
            "--backend", "vllm", "--vllm-engine", '{"tensor_parallel_size": 2}']  # fmt: skip
    assert main(argv) == 0
    harness = capsys.readouterr().out
    assert fake.engines == [{"model": str(model_dir), "tokenizer": str(model_dir),
                             "tensor_parallel_size": 2}]  # fmt: skip
    assert fake.params == [{"temperature": 0.0, "max_tokens": 7, "skip_special_tokens": False}]
    tokenizer = transformers.AutoTokenizer.from_pretrained(model_dir)
    data = find_data("v4")
    entries = [e for c in ("simple_python", "irrelevance") for e in
               list(data.entries(c).values())[:3]]  # fmt: skip
    assert fake.prompts == [prompt_ids(tokenizer, prompt_messages(e)) for e in entries]
    assert main(["bfcl", str(out / "result"), "--fc"]) == 0
    assert harness == capsys.readouterr().out  # the table is toolreward bfcl's on the same files
    rows = [json.loads(line) for line in
            (out / "result" / "tiny" / "non_live" / "BFCL_v4_irrelevance_result.json").open()]  # fmt: skip
    assert [r["result"] for r in rows] == [[], [], []] and rows[0]["raw"] == FakeVllm.ANSWER


@pytest.mark.parametrize(("argv", "message"), [
    (["--backend", "vllm", "--vllm-engine", "[1]"], "JSON object"),
    (["--backend", "vllm", "--vllm-engine", "{"], "not JSON"),
    (["--backend", "vllm", "--gguf-file", "m.gguf"], "--backend transformers only"),
])  # fmt: skip
def test_bad_vllm_options_are_usage_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    argv: list[str], message: str,
) -> None:  # fmt: skip
    pytest.importorskip("transformers")
    _install_fake_vllm(monkeypatch)
    assert main(["eval", "--model", str(tmp_path), "--out", str(tmp_path / "o"), *argv]) == 2
    assert message in capsys.readouterr().err


def test_auto_backend_stays_with_transformers_on_cpu(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    bfcl_data_or_skip()
    fake = _install_fake_vllm(monkeypatch)
    model_dir = _tiny_model_dir(tmp_path)
    argv = ["eval", "--model", str(model_dir), "--out", str(tmp_path / "eval"), "--categories",
            "irrelevance", "--limit", "1", "--max-new-tokens", "2", "--no-progress",
            "--device", "cpu"]  # fmt: skip
    assert main(argv) == 0
    assert fake.engines == []  # vllm importable, but the device is the CPU
