"""Rollout: left-padded batched sampling with a KV cache, and the completion mask.

Prompts are padded on the left so every row's last prompt token sits in the
same column and generation appends in lock-step.  Position ids are computed
from the attention mask (``cumsum - 1``) both here (by ``generate``) and in
the training forward pass, so a padded row gets the log-probs it would get
alone.

A completion ends at its first EOS token (kept: the policy learns to stop),
or where a stop string made ``generate`` finish the row (the padding after
it is masked out, also when the pad token is an EOS token, as Qwen's is),
or at ``max_new_tokens``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import torch


@dataclass
class Rollout:
    """Sampled completions: ids (B, T), their mask (B, T), the prompt (B, P) and decoded text."""

    prompt_ids: torch.Tensor
    prompt_mask: torch.Tensor
    completion_ids: torch.Tensor
    completion_mask: torch.Tensor
    texts: list[str]
    truncated: list[bool]


def left_pad(rows: Sequence[Sequence[int]], pad_id: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Stack token lists, padding on the left; returns (ids, attention mask).

    >>> ids, mask = left_pad([[5, 6], [7]], pad_id=0)
    >>> ids.tolist(), mask.tolist()
    ([[5, 6], [0, 7]], [[1, 1], [0, 1]])
    """
    width = max(len(row) for row in rows)
    ids = torch.full((len(rows), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    for i, row in enumerate(rows):
        if row:
            ids[i, width - len(row) :] = torch.tensor(list(row), dtype=torch.long)
            mask[i, width - len(row) :] = 1
    return ids, mask


def position_ids(attention_mask: torch.Tensor) -> torch.Tensor:
    """Positions that ignore left padding: 0 at each row's first real token.

    >>> position_ids(torch.tensor([[0, 0, 1, 1, 1]])).tolist()
    [[0, 0, 0, 1, 2]]
    """
    return (attention_mask.long().cumsum(-1) - 1).clamp(min=0)


def completion_mask(completions: torch.Tensor, eos_ids: Sequence[int], pad_id: int) -> torch.Tensor:
    """1 up to and including each row's first EOS, 0 after it and on trailing padding.

    Trailing padding appears when a stop string finished a row early.

    >>> completion_mask(torch.tensor([[4, 2, 9, 9], [4, 4, 0, 0], [4, 4, 4, 4]]), [2], 0).tolist()
    [[1, 1, 0, 0], [1, 1, 0, 0], [1, 1, 1, 1]]
    """
    width = completions.size(1)
    columns = torch.arange(width).expand_as(completions)
    is_eos = torch.isin(completions, torch.tensor(list(eos_ids), dtype=completions.dtype))
    first_eos = torch.where(is_eos, columns, width).min(dim=1).values
    length = torch.minimum(first_eos + 1, torch.full_like(first_eos, width))
    if pad_id not in eos_ids:
        not_pad = completions != pad_id
        # start of the trailing run of padding = 1 + last non-pad column
        last_real = torch.where(not_pad, columns, -1).max(dim=1).values
        length = torch.minimum(length, last_real + 1)
    return (columns < length.unsqueeze(1)).long()


@torch.no_grad()
def sample(
    model: Any,
    tokenizer: Any,
    prompts: Sequence[Sequence[int]],
    *,
    eos_ids: Sequence[int],
    pad_id: int,
    max_new_tokens: int,
    temperature: float,
    top_p: float = 1.0,
    top_k: int | None = None,
    stop_strings: Sequence[str] = (),
    batch_size: int | None = None,
) -> Rollout:
    """Sample one completion per prompt (repeat prompts for groups); greedy if temperature is 0."""
    device = next(model.parameters()).device
    chunks = []
    step = batch_size or len(prompts)
    for start in range(0, len(prompts), step):
        ids, mask = left_pad(prompts[start : start + step], pad_id)
        kwargs: dict[str, Any] = {
            "max_new_tokens": max_new_tokens,
            "eos_token_id": list(eos_ids),
            "pad_token_id": pad_id,
            "use_cache": True,
            "repetition_penalty": 1.0,
        }
        if temperature > 0:
            kwargs.update(do_sample=True, temperature=temperature, top_p=top_p, top_k=top_k or 0)
        else:
            kwargs.update(do_sample=False, temperature=None, top_p=None, top_k=None)
        if stop_strings:
            kwargs.update(stop_strings=list(stop_strings), tokenizer=tokenizer)
        out = model.generate(input_ids=ids.to(device), attention_mask=mask.to(device), **kwargs)
        chunks.append((ids, mask, out[:, ids.size(1) :].cpu()))
    prompt_width = max(c[0].size(1) for c in chunks)
    completion_width = max(c[2].size(1) for c in chunks)
    prompt_ids, prompt_mask, completion_ids = [], [], []
    for ids, mask, comp in chunks:
        prompt_ids.append(_pad_to(ids, prompt_width, pad_id, left=True))
        prompt_mask.append(_pad_to(mask, prompt_width, 0, left=True))
        completion_ids.append(_pad_to(comp, completion_width, pad_id, left=False))
    completions = torch.cat(completion_ids)
    comp_mask = completion_mask(completions, eos_ids, pad_id)
    if stop_strings and pad_id in eos_ids:
        _unmask_stop_padding(tokenizer, completions, comp_mask, pad_id, stop_strings)
    lengths = comp_mask.sum(-1)
    width = max(int(lengths.max()), 1)
    completions, comp_mask = completions[:, :width], comp_mask[:, :width]
    eos = set(eos_ids)
    texts, truncated = [], []
    for row, n in zip(completions.tolist(), lengths.tolist()):
        kept = row[:n]
        ended = bool(kept) and kept[-1] in eos
        if ended:
            kept = kept[:-1]
        texts.append(tokenizer.decode(kept, skip_special_tokens=False))
        truncated.append(not ended and n == max_new_tokens)
    return Rollout(
        torch.cat(prompt_ids), torch.cat(prompt_mask), completions, comp_mask, texts, truncated
    )


def _unmask_stop_padding(
    tokenizer: Any,
    completions: torch.Tensor,
    mask: torch.Tensor,
    pad_id: int,
    stop_strings: Sequence[str],
) -> None:
    """Drop from ``mask`` the padding that follows a stop string, where the pad token is
    also an EOS token (Qwen's ``<|endoftext|>``): ``generate`` wrote it after stopping
    the row, it was never sampled, and the policy must not be trained on it."""
    for i, n in enumerate(mask.sum(-1).tolist()):
        if n < 2 or int(completions[i, n - 1]) != pad_id:
            continue
        row = completions[i, : n - 1].tolist()
        text = tokenizer.decode(row, skip_special_tokens=False)
        last = tokenizer.decode(row[-1:], skip_special_tokens=False)
        tail = len(text) - len(last)
        for stop in stop_strings:
            at = text.rfind(stop)
            if at != -1 and at + len(stop) > tail:  # the stop string ends in the last token
                mask[i, n - 1] = 0
                break


def _pad_to(tensor: torch.Tensor, width: int, value: int, left: bool) -> torch.Tensor:
    missing = width - tensor.size(1)
    if missing == 0:
        return tensor
    pad = torch.full((tensor.size(0), missing), value, dtype=tensor.dtype)
    return torch.cat([pad, tensor] if left else [tensor, pad], dim=1)
