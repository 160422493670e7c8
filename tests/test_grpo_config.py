"""Training config validation, records and prompt rendering."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pydantic")

from toolreward.errors import ConfigError
from toolreward.grpo.chat import render_chatml, render_prompt
from toolreward.grpo.config import config_from_dict, load_config
from toolreward.grpo.data import example_from_record, load_examples

MINIMAL = {"model": {"name_or_path": "m"}, "data": {"train": "t.jsonl"}}


def test_defaults_follow_the_recipe() -> None:
    config = config_from_dict(MINIMAL)
    assert (config.rollout.num_generations, config.rollout.temperature) == (5, 0.7)
    assert (config.loss.clip_low, config.loss.clip_high) == (0.2, 0.2)
    assert (config.loss.kl_coef, config.loss.entropy_coef, config.loss.agg) == (
        1e-3,
        0.0,
        "token-mean",
    )
    assert config.loss.scale_rewards and config.loss.num_iterations == 1
    assert (config.optim.lr, config.optim.max_grad_norm) == (1e-6, 1.0)
    assert config.reward.preset == "tool_n1"


BAD = [
    # config changes, the lines the error must list
    ({"loss": {"clip_low": -1, "agg": "mean"}}, ["loss.clip_low:", "loss.agg:"]),
    (
        {"rollout": {"num_generations": 0, "temperature": 0}},
        ["rollout.num_generations:", "rollout.temperature:"],
    ),
    ({"optim": {"lr": "fast"}, "run": {"steps": 0}}, ["optim.lr:", "run.steps:"]),
    ({"loss": {"kl": 0.1}}, ["loss.kl: Extra inputs are not permitted"]),
    ({"model": {}}, ["model: give model.name_or_path or model.config"]),
    ({"reward": {"preset": "lenient"}}, ["reward: unknown preset 'lenient'"]),
    (
        {"reward": {"preset": "strict", "options": {"think": "sometimes"}}},
        ["reward: option think='sometimes'"],
    ),
    (
        {"reward": {"options": {"think": "required"}}},
        ["reward: preset 'tool_n1'", "takes no options"],
    ),
    ({"data": {"train": "t", "system_prompt": "x"}}, ["data.system_prompt:"]),
]


@pytest.mark.parametrize(("change", "lines"), BAD)
def test_errors_list_every_bad_field(change: dict[str, Any], lines: list[str]) -> None:
    raw = json.loads(json.dumps(MINIMAL))
    for section, values in change.items():
        raw[section] = {**raw.get(section, {}), **values} if values else {}
    with pytest.raises(ConfigError) as err:
        config_from_dict(raw)
    text = str(err.value)
    assert text.startswith("invalid training config:")
    for line in lines:
        assert line in text


def test_yaml_file_and_overrides(tmp_path: Path) -> None:
    path = tmp_path / "run.yaml"
    path.write_text("model: {name_or_path: m}\ndata: {train: t.jsonl}\nrun: {steps: 3}\n")
    config = load_config(path, {"run.steps": 7, "loss.agg": "seq-mean-token-mean"})
    assert (config.run.steps, config.loss.agg) == (7, "seq-mean-token-mean")
    path.write_text("model: [unclosed\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_config(path)
    with pytest.raises(ConfigError, match="cannot read config"):
        load_config(tmp_path / "missing.yaml")


TOOL = {"name": "w", "parameters": {"type": "object", "properties": {"c": {"type": "string"}}}}
RECORDS = [
    # record, expected error (None: valid)
    ({"prompt": "hi", "ground_truth": []}, None),
    (
        {"messages": [{"role": "user", "content": "hi"}], "tools": [TOOL], "ground_truth": "[]"},
        None,
    ),
    ({"prompt": "hi"}, "missing key 'ground_truth'"),
    ({"ground_truth": []}, "needs 'messages' or 'prompt'"),
    ({"prompt": "hi", "ground_truth": [{"name": "w"}]}, "ground_truth[0]"),
    ({"prompt": "hi", "tools": "{bad", "ground_truth": []}, "tools: not valid JSON"),
    ({"messages": [{"role": "user"}], "ground_truth": []}, "messages[0] needs string"),
    (
        {"messages": [{"role": "assistant", "content": "x"}], "ground_truth": []},
        "the last message is",
    ),
    ([1, 2], "a record must be an object"),
]


@pytest.mark.parametrize(("record", "error"), RECORDS)
def test_records(record: Any, error: str | None) -> None:
    if error is None:
        example = example_from_record(record, "f:1", "tool_n1", "")
        assert example.messages[0]["role"] == "system"
        assert json.loads(example.ground_truth) == []
    else:
        with pytest.raises(ConfigError) as err:
            example_from_record(record, "f:3", "tool_n1", "")
        assert str(err.value).startswith("f:3: ")
        assert error in str(err.value)


def test_system_prompt_placement() -> None:
    record = {"messages": [{"role": "system", "content": "Be brief."},
                           {"role": "user", "content": "hi"}], "tools": [TOOL], "ground_truth": []}  # fmt: skip
    system = example_from_record(record, "f:1", "tool_n1", "ignored").messages[0]["content"]
    assert system.startswith("Be brief.\n\nYou may call the following functions.")
    assert '<tools>\n{"type": "function", "function": {"name": "w"' in system
    assert system.endswith(
        "Use [] inside <tool_call></tool_call> when no function fits the request."
    )
    kept = example_from_record(record, "f:1", "keep", "").messages
    assert kept[0]["content"] == "Be brief."


def test_files_name_the_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "train.jsonl"
    path.write_text('{"prompt": "a", "ground_truth": []}\n\n{"prompt": "b"\n')
    with pytest.raises(ConfigError, match=r"train.jsonl:3: not valid JSON"):
        load_examples(path, "tool_n1", "")
    with pytest.raises(ConfigError, match="data file not found"):
        load_examples(tmp_path / "none.jsonl", "tool_n1", "")


def test_parquet_records(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    pa = pytest.importorskip("pyarrow")
    rows = [{"prompt": "w Oslo", "tools": json.dumps([TOOL]),
             "ground_truth": json.dumps([{"name": "w", "arguments": {"c": "Oslo"}}])}]  # fmt: skip
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "t.parquet")
    (example,) = load_examples(tmp_path / "t.parquet", "tool_n1", "")
    assert example.tools == [TOOL]
    assert example.messages[-1] == {"role": "user", "content": "w Oslo"}


class _Templated:
    chat_template = "{% for m in messages %}[{{ m.role }}]{{ m.content }}{% endfor %}"

    def apply_chat_template(self, messages: list[dict[str, str]], tokenize: bool,
                            add_generation_prompt: bool) -> str:  # fmt: skip
        assert tokenize is False and add_generation_prompt is True
        return "".join(f"[{m['role']}]{m['content']}" for m in messages) + "[assistant]"


def test_prompt_rendering() -> None:
    chat = [{"role": "user", "content": "hi"}]
    assert render_prompt(_Templated(), chat) == "[user]hi[assistant]"
    assert render_prompt(object(), chat) == render_chatml(chat)
    assert render_chatml(chat) == "<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n"


def test_shipped_example_config_is_valid() -> None:
    pytest.importorskip("yaml")
    root = Path(__file__).resolve().parent.parent
    config = load_config(root / "examples" / "grpo_qwen2.5_7b.yaml")
    assert config.model.lora is not None and config.rollout.num_generations == 5
