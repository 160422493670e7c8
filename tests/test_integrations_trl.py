"""TRL adapter: ``ToolCallReward`` alone, and driven by a real ``trl.GRPOTrainer`` on CPU."""

from __future__ import annotations

import asyncio
import json
import pickle
from typing import Any

import pytest

from toolreward import ConfigError
from toolreward.integrations.trl import AsyncToolCallReward, ToolCallReward

GT = json.dumps([{"name": "f", "arguments": {"a": 1}}])
GOOD = '<think>r</think><tool_call>[{"name": "f", "arguments": {"a": 1}}]</tool_call>'
STRUCTURED = {
    "role": "assistant",
    "content": "",
    "reasoning_content": "f needs a=1",
    "tool_calls": [{"type": "function", "function": {"name": "f", "arguments": {"a": 1}}}],
}


class Recorder:
    def __init__(self) -> None:
        self.metrics: dict[str, float] = {}
        self.extra: dict[str, list[Any]] = {}

    def log_metric(self, name: str, value: float) -> None:
        self.metrics[name] = value

    def log_extra(self, column: str, values: list[Any]) -> None:
        self.extra[column] = values


@pytest.mark.parametrize(
    ("completion", "expected"),
    [
        (GOOD, 1.0),
        ("no tags", 0.0),
        ([{"role": "assistant", "content": GOOD}], 1.0),
        (
            [
                {"role": "assistant", "content": "<think>r</think>"},
                {
                    "role": "assistant",
                    "content": '<tool_call>[{"name": "f", "arguments": {"a": 1}}]</tool_call>',
                },
            ],
            1.0,
        ),
        ([STRUCTURED], 1.0),
        ([{**STRUCTURED, "reasoning_content": None}], 0.0),  # tool_n1 requires the reasoning
        ([{**STRUCTURED, "content": "Sure!"}], 0.0),  # text beside the calls
        (
            [
                {
                    **STRUCTURED,
                    "tool_calls": [
                        {"type": "function", "function": {"name": "f", "arguments": {"a": 2}}}
                    ],
                }
            ],
            0.0,
        ),
    ],
)
def test_completion_shapes(completion: Any, expected: float) -> None:
    reward = ToolCallReward()
    assert reward(prompts=["p"], completions=[completion], ground_truth=[GT]) == [expected]


TOOL_RESULT = {"role": "tool", "name": "f", "content": '{"temperature": 21}'}
ANSWER = {"role": "assistant", "content": "It is 21 degrees in Paris."}


@pytest.mark.parametrize(
    ("completion", "expected"),
    [
        # TRL with tool execution: calls, tool result, then the model's answer.
        ([STRUCTURED, TOOL_RESULT, ANSWER], 1.0),
        ([{"role": "assistant", "content": GOOD}, TOOL_RESULT, ANSWER], 1.0),
        ([STRUCTURED, TOOL_RESULT, {**STRUCTURED, "content": "more"}], 1.0),
        # The first turn decides, both ways.
        ([{**STRUCTURED, "tool_calls": []}, TOOL_RESULT, STRUCTURED], 0.0),
        ([{"role": "assistant", "content": "no tags"}, TOOL_RESULT, ANSWER], 0.0),
    ],
)
def test_tool_execution_scores_the_first_turn(completion: Any, expected: float) -> None:
    reward = ToolCallReward()
    assert reward(prompts=["p"], completions=[completion], ground_truth=[GT]) == [expected]


def test_rows_without_ground_truth_get_none_and_logs() -> None:
    rec = Recorder()
    rewards = ToolCallReward()(
        prompts=["a", "b", "c"],
        completions=[GOOD, "junk", GOOD],
        completion_ids=[[1], [2], [3]],
        ground_truth=[GT, GT, None],
        trainer_state=object(),
        log_metric=rec.log_metric,
        log_extra=rec.log_extra,
    )
    assert rewards == [1.0, 0.0, None]
    assert rec.metrics == {
        "toolreward/missing_think": 0.5,
        "toolreward/ok": 0.5,
        "toolreward/format_ok": 0.5,
        "toolreward/schema_ok": 0.5,
        "toolreward/calls_ok": 0.5,
    }
    assert rec.extra == {"toolreward_reason": ["ok", "missing_think", None]}


def test_options_and_tools_column() -> None:
    tools = [
        {"name": "f", "parameters": {"type": "object", "properties": {"a": {"type": "integer"}}}}
    ]
    reward = ToolCallReward(think="optional")
    text = '<tool_call>[{"name": "f", "arguments": {"a": "1"}}]</tool_call>'
    assert reward(completions=[text], ground_truth=[GT]) == [0.0]
    got = reward.verdicts([text], {"ground_truth": [GT], "tools": [tools]})
    assert got[0] is not None and got[0].reason == "argument_type_mismatch"


def test_errors_are_clear() -> None:
    with pytest.raises(ConfigError):
        ToolCallReward(think="sometimes")
    with pytest.raises(KeyError, match="no 'answer' column"):
        ToolCallReward(ground_truth_key="answer")(completions=[GOOD], ground_truth=[GT])


def test_picklable_with_stable_name() -> None:
    reward = ToolCallReward(preset="tool_n1")
    clone = pickle.loads(pickle.dumps(reward))
    assert clone.__name__ == reward.__name__ == "toolreward"
    assert clone(completions=[GOOD], ground_truth=[GT]) == [1.0]


def test_async_variant() -> None:
    reward = AsyncToolCallReward()
    got = asyncio.run(reward(completions=[GOOD, "x"], ground_truth=[GT, GT]))
    assert got == [1.0, 0.0]


def test_real_grpo_trainer(tmp_path: Any) -> None:
    """Two GRPO steps of a tiny random Qwen2 with this reward; its metrics reach TRL's logs."""
    trl = pytest.importorskip("trl")
    transformers = pytest.importorskip("transformers")
    datasets = pytest.importorskip("datasets")
    import string

    from tokenizers import Regex, Tokenizer, models, pre_tokenizers

    specials = ["<pad>", "<eos>", "<unk>"]
    vocab = {t: i for i, t in enumerate(specials + list(string.printable))}
    backend = Tokenizer(models.WordLevel(vocab=vocab, unk_token="<unk>"))
    backend.pre_tokenizer = pre_tokenizers.Split(Regex("."), behavior="isolated")
    tokenizer = transformers.PreTrainedTokenizerFast(
        tokenizer_object=backend, pad_token="<pad>", eos_token="<eos>", unk_token="<unk>"
    )
    config = transformers.Qwen2Config(
        vocab_size=len(vocab), hidden_size=32, intermediate_size=64, num_hidden_layers=1,
        num_attention_heads=2, num_key_value_heads=1, max_position_embeddings=256,
        pad_token_id=0, eos_token_id=1, bos_token_id=1,
    )  # fmt: skip
    model = transformers.Qwen2ForCausalLM(config)
    # A random model writes no tags: in the hermes format that is a text answer (no
    # call), right against "[]"; in the tool_n1 format it is always missing its think.
    rows = [{"prompt": "call f:", "ground_truth": "[]"} for _ in range(8)]
    args = trl.GRPOConfig(
        output_dir=str(tmp_path), per_device_train_batch_size=4, num_generations=4,
        max_completion_length=8, max_steps=2, logging_steps=1, report_to=[], use_cpu=True,
        learning_rate=1e-5, bf16=False, save_strategy="no",
    )  # fmt: skip
    trainer = trl.GRPOTrainer(
        model=model,
        reward_funcs=[ToolCallReward(format="hermes", name="hermes"), ToolCallReward(name="n1")],
        args=args,
        train_dataset=datasets.Dataset.from_list(rows),
        processing_class=tokenizer,
    )
    trainer.train()
    logs = [entry for entry in trainer.state.log_history if "rewards/hermes/mean" in entry]
    assert len(logs) == 2
    assert all(entry["rewards/hermes/mean"] == 1.0 for entry in logs)
    assert all(entry["rewards/n1/mean"] == 0.0 for entry in logs)
    assert all(entry["n1/missing_think"] == 1.0 and entry["hermes/ok"] == 1.0 for entry in logs)


def test_real_grpo_trainer_with_tools_scores_the_first_assistant_turn(tmp_path: Any) -> None:
    """TRL's tool loop: the policy calls ``get_weather``, TRL parses the call with its
    response schema and executes the tool, and the reward receives the trajectory as
    message lists whose first assistant turn carries the structured call; that call is
    right, so the reward is 1.

    The policy's two turns are scripted (``model.generate`` is replaced: a random tiny
    model writes no calls); everything else is TRL 1.16's own code: its Qwen2.5 chat
    template, response parsing, tool execution and reward call."""
    trl = pytest.importorskip("trl")
    transformers = pytest.importorskip("transformers")
    datasets = pytest.importorskip("datasets")
    from pathlib import Path

    import torch
    from tiny_lm import char_tokenizer, qwen2_config

    tokenizer = char_tokenizer()
    template = Path(trl.__file__).parent / "chat_templates" / "qwen2_5.jinja"
    tokenizer.chat_template = template.read_text(encoding="utf-8")
    model = transformers.Qwen2ForCausalLM(transformers.Qwen2Config(**qwen2_config(len(tokenizer))))
    executed: list[str] = []

    def get_weather(city: str) -> str:
        """Current weather in a city.

        Args:
            city: The city's name.
        """
        executed.append(city)
        return "sunny"

    call = '<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris"}}\n</tool_call>'
    final = "It is sunny in Paris."

    def scripted_generate(input_ids: Any, attention_mask: Any = None, **kwargs: Any) -> Any:
        rows = []
        for row in input_ids:
            prompt = tokenizer.decode(row, skip_special_tokens=True)
            text = final if "<tool_response>" in prompt else call
            rows.append(
                tokenizer(text, add_special_tokens=False)["input_ids"] + [tokenizer.eos_token_id]
            )
        width = max(len(r) for r in rows)
        pad = tokenizer.pad_token_id
        completion = torch.tensor([r + [pad] * (width - len(r)) for r in rows])
        return torch.cat([input_ids, completion.to(input_ids.device)], dim=1)

    model.generate = scripted_generate  # type: ignore[method-assign]
    gt = '[{"name": "get_weather", "arguments": {"city": "Paris"}}]'
    rows = [{"prompt": [{"role": "user", "content": "Weather in Paris?"}], "ground_truth": gt}
            for _ in range(4)]  # fmt: skip
    args = trl.GRPOConfig(
        output_dir=str(tmp_path), per_device_train_batch_size=4, num_generations=4,
        max_completion_length=256, max_steps=1, logging_steps=1, report_to=[], use_cpu=True,
        learning_rate=1e-5, bf16=False, save_strategy="no",
    )  # fmt: skip
    reward = ToolCallReward(format="hermes", name="hermes")
    seen: list[Any] = []
    original = reward.__call__

    def spy(completions: Any, **kwargs: Any) -> Any:
        seen.extend(completions)
        return original(completions=completions, **kwargs)

    trainer = trl.GRPOTrainer(
        model=model,
        reward_funcs=[spy],
        args=args,
        train_dataset=datasets.Dataset.from_list(rows),
        processing_class=tokenizer,
        tools=[get_weather],
    )
    trainer.train()
    assert executed and set(executed) == {"Paris"}
    assert seen and all(isinstance(c, list) for c in seen)  # message lists: tools mode
    first = seen[0][0]
    assert (
        first["role"] == "assistant" and first["tool_calls"][0]["function"]["name"] == "get_weather"
    )
    assert reward(completions=seen, ground_truth=[gt] * len(seen)) == [1.0] * len(seen)
