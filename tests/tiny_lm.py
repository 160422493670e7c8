"""A tiny random Qwen2 and tokenizers built locally (no downloads), for the GRPO tests."""

from __future__ import annotations

import json
import string
from pathlib import Path
from typing import Any

SPECIALS = ["<pad>", "<eos>", "<unk>"]


def char_tokenizer() -> Any:
    """One token per printable character, plus pad/eos/unk."""
    import transformers
    from tokenizers import Regex, Tokenizer, decoders, models, pre_tokenizers

    vocab = {t: i for i, t in enumerate(SPECIALS + list(string.printable))}
    backend = Tokenizer(models.WordLevel(vocab=vocab, unk_token="<unk>"))
    backend.pre_tokenizer = pre_tokenizers.Split(Regex("."), behavior="isolated")
    backend.decoder = decoders.Fuse()  # characters join without spaces
    return transformers.PreTrainedTokenizerFast(
        tokenizer_object=backend, pad_token="<pad>", eos_token="<eos>", unk_token="<unk>"
    )


#: One token that is a whole correct answer to a ``[]`` ground truth.
ANSWER = "<think>x</think><tool_call>[]</tool_call>"


def answer_tokenizer() -> Any:
    """Six whole-word tokens: pad, eos, unk, ANSWER and two wrong answers.

    A random policy writing one token is right about one time in six, so
    GRPO groups have reward spread from the first step.
    """
    import transformers
    from tokenizers import Tokenizer, models, pre_tokenizers

    words = [*SPECIALS, ANSWER, "<think>x</think>", "<tool_call>[]</tool_call>"]
    backend = Tokenizer(models.WordLevel(vocab={w: i for i, w in enumerate(words)},
                                         unk_token="<unk>"))  # fmt: skip
    backend.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    return transformers.PreTrainedTokenizerFast(
        tokenizer_object=backend, pad_token="<pad>", eos_token="<eos>", unk_token="<unk>"
    )


def qwen2_config(vocab_size: int) -> dict[str, Any]:
    """The architecture as a ``model.config`` section: one layer, 32 wide."""
    return {
        "model_type": "qwen2", "vocab_size": vocab_size, "hidden_size": 32,
        "intermediate_size": 64, "num_hidden_layers": 1, "num_attention_heads": 2,
        "num_key_value_heads": 1, "max_position_embeddings": 512, "pad_token_id": 0,
        "eos_token_id": 1, "bos_token_id": 1,
    }  # fmt: skip


def write_records(path: Path, prompts: list[str]) -> Path:
    """Records whose right answer is no call (``[]``), as ``ANSWER`` writes."""
    with path.open("w") as handle:
        for prompt in prompts:
            handle.write(json.dumps({"prompt": prompt, "ground_truth": []}) + "\n")
    return path


def run_config(tmp: Path, **sections: dict[str, Any]) -> dict[str, Any]:
    """A small, fast config dict; ``sections`` update its sections key by key."""
    tmp.mkdir(parents=True, exist_ok=True)
    base: dict[str, Any] = {
        "model": {"config": qwen2_config(6), "tokenizer": "answer"},
        "data": {"train": str(write_records(tmp / "train.jsonl", ["a", "b b", "c c c", "d"])),
                 "system_prompt": "keep"},
        "rollout": {"prompts_per_step": 2, "num_generations": 4, "max_new_tokens": 1,
                    "temperature": 1.0},
        "optim": {"lr": 1e-3, "micro_batch_size": 4},
        "run": {"output_dir": str(tmp / "run"), "steps": 2, "progress": False, "threads": 1},
    }  # fmt: skip
    for name, values in sections.items():
        base.setdefault(name, {}).update(values)
    return base
