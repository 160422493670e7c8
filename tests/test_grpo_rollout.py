"""Rollout: left padding, position ids, completion masks, EOS and stop handling, padded log-probs."""

from __future__ import annotations

from typing import Any

import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

from tiny_lm import char_tokenizer, qwen2_config  # noqa: E402

from toolreward.grpo.policy import completion_logprobs  # noqa: E402
from toolreward.grpo.rollout import completion_mask, left_pad, position_ids, sample  # noqa: E402

MASKS = [
    # completions, eos ids, pad id, expected mask
    ([[5, 6, 7]], [2], 0, [[1, 1, 1]]),  # no EOS: cut by max_new_tokens
    ([[5, 2, 7]], [2], 0, [[1, 1, 0]]),  # the EOS is kept, what follows it is not
    ([[2, 5, 5]], [2], 0, [[1, 0, 0]]),  # EOS first: an empty answer of one token
    ([[5, 2, 2]], [2], 2, [[1, 1, 0]]),  # pad == eos: the padding after EOS
    ([[5, 6, 0, 0]], [2], 0, [[1, 1, 0, 0]]),  # a stop string ended the row: trailing pads
    ([[5, 0, 6, 0]], [2], 0, [[1, 1, 1, 0]]),  # a pad token inside the text stays
    ([[5, 3, 9]], [2, 3], 0, [[1, 1, 0]]),  # any of several EOS ids
]


@pytest.mark.parametrize(("rows", "eos", "pad", "expected"), MASKS)
def test_completion_mask(rows: list[list[int]], eos: list[int], pad: int,
                         expected: list[list[int]]) -> None:  # fmt: skip
    assert completion_mask(torch.tensor(rows), eos, pad).tolist() == expected


def test_left_pad_and_positions() -> None:
    ids, mask = left_pad([[4, 5, 6], [7]], pad_id=0)
    assert ids.tolist() == [[4, 5, 6], [0, 0, 7]]
    assert position_ids(mask).tolist() == [[0, 1, 2], [0, 0, 0]]


@pytest.fixture(scope="module")
def tiny() -> tuple[Any, Any]:
    tokenizer = char_tokenizer()
    arch = dict(qwen2_config(len(tokenizer)))
    arch.pop("model_type")
    torch.manual_seed(0)
    model = transformers.Qwen2ForCausalLM(transformers.Qwen2Config(**arch)).eval()
    return model, tokenizer


def test_left_padding_does_not_change_log_probs(tiny: tuple[Any, Any]) -> None:
    model, tokenizer = tiny
    prompts = [tokenizer("a longer prompt")["input_ids"], tokenizer("short")["input_ids"]]
    completion = torch.tensor([tokenizer("xyz")["input_ids"]] * 2)
    cmask = torch.ones_like(completion)
    ids, mask = left_pad(prompts, pad_id=0)
    with torch.no_grad():
        padded, _ = completion_logprobs(model, ids, mask, completion, cmask, 0.7)
        alone, _ = completion_logprobs(model, torch.tensor([prompts[1]]),
                                       torch.ones(1, len(prompts[1]), dtype=torch.long),
                                       completion[:1], cmask[:1], 0.7)  # fmt: skip
    assert torch.allclose(padded[1], alone[0], atol=1e-5)


def test_sampled_log_probs_match_scoring(tiny: tuple[Any, Any]) -> None:
    """Greedy tokens are the argmax of the scored distribution at every position."""
    model, tokenizer = tiny
    prompts = [tokenizer("hello")["input_ids"], tokenizer("hi")["input_ids"]]
    out = sample(model, tokenizer, prompts, eos_ids=[1], pad_id=0, max_new_tokens=6, temperature=0)
    with torch.no_grad():
        ids, mask = out.prompt_ids, out.prompt_mask
        full = torch.cat([ids, out.completion_ids], 1)
        att = torch.cat([mask, out.completion_mask], 1)
        logits = model(input_ids=full, attention_mask=att, position_ids=position_ids(att)).logits
    width = out.completion_ids.size(1)
    argmax = logits[:, -width - 1 : -1].argmax(-1)
    assert torch.equal(argmax * out.completion_mask, out.completion_ids * out.completion_mask)


def test_eos_and_stop_strings(tiny: tuple[Any, Any]) -> None:
    model, tokenizer = tiny
    prompt = [tokenizer("go")["input_ids"]]
    free = sample(model, tokenizer, prompt, eos_ids=[1], pad_id=0, max_new_tokens=12, temperature=0)
    text = free.texts[0]
    assert free.truncated == [len(text) == 12]
    # End at the greedy text's third character, as an EOS token and as a stop string.
    stop_char = text[2]
    stop_id = tokenizer.convert_tokens_to_ids(stop_char)
    by_eos = sample(model, tokenizer, prompt, eos_ids=[1, stop_id], pad_id=0, max_new_tokens=12,
                    temperature=0)  # fmt: skip
    assert by_eos.texts[0] == text[: text.index(stop_char)]
    assert int(by_eos.completion_mask.sum()) == text.index(stop_char) + 1
    assert by_eos.truncated == [False]
    by_stop = sample(model, tokenizer, prompt, eos_ids=[1], pad_id=0, max_new_tokens=12,
                     temperature=0, stop_strings=[text[1:3]])  # fmt: skip
    assert by_stop.texts[0] == text[:3]
    assert by_stop.truncated == [False]


def test_stop_string_padding_that_is_an_eos_token_is_not_trained(tiny: tuple[Any, Any]) -> None:
    """Qwen's pad token is also an EOS id: after a stop string ends one row while another
    goes on, ``generate`` pads the stopped row with it; that token was never sampled, so
    the mask must leave it out."""
    model, tokenizer = tiny
    prompts = [tokenizer(p)["input_ids"] for p in ("go", "zq")]
    free = sample(model, tokenizer, prompts, eos_ids=[1], pad_id=0, max_new_tokens=12,
                  temperature=0)  # fmt: skip
    first, other = free.texts
    stop = first[1:3]
    assert stop not in other and len(other) == 12  # the second row runs on
    stopped = sample(model, tokenizer, prompts, eos_ids=[1, 0], pad_id=0, max_new_tokens=12,
                     temperature=0, stop_strings=[stop])  # fmt: skip
    assert stopped.texts[0] == first[:3]
    assert stopped.completion_mask.sum(-1).tolist()[0] == 3  # the three sampled tokens only


def test_sampling_is_seeded(tiny: tuple[Any, Any]) -> None:
    model, tokenizer = tiny
    prompts = [tokenizer("seed")["input_ids"]] * 3

    def draw() -> list[str]:
        torch.manual_seed(7)
        return sample(model, tokenizer, prompts, eos_ids=[1], pad_id=0, max_new_tokens=8,
                      temperature=0.7, top_p=0.9, batch_size=2).texts  # fmt: skip

    first = draw()
    assert first == draw()
    assert len(set(first)) > 1  # the three samples of one prompt differ


def test_all_padding_columns_are_trimmed_without_changing_log_probs(tiny: tuple[Any, Any]) -> None:
    model, tokenizer = tiny
    prompt = torch.tensor([tokenizer("prompt")["input_ids"]])
    completion = torch.tensor([tokenizer("abc")["input_ids"]])
    ones = torch.ones_like
    with torch.no_grad():
        plain, _ = completion_logprobs(
            model, prompt, ones(prompt), completion, ones(completion), 1.0
        )
        padded, ent = completion_logprobs(
            model, torch.cat([torch.zeros(1, 3, dtype=torch.long), prompt], 1),
            torch.cat([torch.zeros(1, 3, dtype=torch.long), ones(prompt)], 1),
            torch.cat([completion, torch.zeros(1, 2, dtype=torch.long)], 1),
            torch.cat([ones(completion), torch.zeros(1, 2, dtype=torch.long)], 1), 1.0, entropy=True,
        )  # fmt: skip
    assert padded.shape == (1, 5) and ent is not None and ent.shape == (1, 5)
    assert torch.allclose(padded[:, :3], plain, atol=1e-6)
    assert padded[0, 3:].tolist() == [0.0, 0.0]
