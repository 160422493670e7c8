"""The policy: loading it (full, LoRA, gguf or random from a config) and scoring tokens with it.

The KL reference is a frozen copy of the starting policy.  With LoRA there
is no copy: the reference is the same model with its adapters switched off.
No reference exists at all when ``loss.kl_coef`` is 0.
"""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import torch

from ..errors import ConfigError
from .algorithm import token_logprobs
from .config import GRPOConfig
from .rollout import position_ids


@dataclass
class Policy:
    """The trained model, its tokenizer, its reference (if any) and the ids that end a turn."""

    model: Any
    tokenizer: Any
    reference: Any
    eos_ids: tuple[int, ...]
    pad_id: int
    device: torch.device
    autocast: bool
    lora: bool

    def trainable(self) -> list[torch.nn.Parameter]:
        """The parameters the optimizer updates."""
        return [p for p in self.model.parameters() if p.requires_grad]

    @contextlib.contextmanager
    def as_reference(self) -> Iterator[Any]:
        """The model to score reference log-probs with."""
        if self.lora:
            with self.model.disable_adapter():
                yield self.model
        else:
            yield self.reference

    def amp(self) -> contextlib.AbstractContextManager[Any]:
        """bf16 autocast on CUDA when enabled; a no-op otherwise."""
        if self.autocast:
            return torch.autocast("cuda", dtype=torch.bfloat16)
        return contextlib.nullcontext()


def resolve_device(config: GRPOConfig) -> torch.device:
    """``run.device``, with ``auto`` meaning CUDA when present."""
    if config.run.device == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    return torch.device(config.run.device)


def load_policy(config: GRPOConfig, model: Any = None, tokenizer: Any = None) -> Policy:
    """Build the policy from ``config.model``, or wrap the given ``model`` and ``tokenizer``.

    A passed ``model`` is trained in place; the reference is a deep copy made
    here, before any update.
    """
    import transformers

    spec = config.model
    device = resolve_device(config)
    dtype = getattr(torch, spec.dtype)
    if tokenizer is None:
        source = spec.tokenizer or spec.name_or_path
        kwargs = {"gguf_file": spec.gguf_file} if spec.gguf_file and not spec.tokenizer else {}
        tokenizer = transformers.AutoTokenizer.from_pretrained(source, **kwargs)
    if spec.chat_template is not None:
        tokenizer.chat_template = spec.chat_template
    if model is None:
        model = _build_model(config, dtype)
    model.to(device)
    if spec.gradient_checkpointing:
        model.gradient_checkpointing_enable()
        if hasattr(model, "enable_input_require_grads"):
            model.enable_input_require_grads()
    use_lora = spec.lora is not None
    reference = None
    if use_lora:
        model = _with_lora(model, spec)
    elif config.loss.kl_coef > 0:
        reference = copy.deepcopy(model).eval().requires_grad_(False)
    eos_ids = _eos_ids(model, tokenizer, spec.stop_tokens)
    pad_id = tokenizer.pad_token_id
    if pad_id is None:
        pad_id = eos_ids[0]
    bf16 = config.run.bf16
    wants_bf16 = bf16 == "on" or (bf16 == "auto" and dtype != torch.float16)
    autocast = device.type == "cuda" and wants_bf16
    return Policy(model, tokenizer, reference, eos_ids, pad_id, device, autocast, use_lora)


def _build_model(config: GRPOConfig, dtype: torch.dtype) -> Any:
    import transformers

    spec = config.model
    if spec.config is not None:
        arch = dict(spec.config)
        model_type = arch.pop("model_type", None)
        if model_type is None:
            raise ConfigError("model.config needs a model_type (e.g. qwen2)")
        hf_config = transformers.AutoConfig.for_model(model_type, **arch)
        torch.manual_seed(config.run.seed)
        return transformers.AutoModelForCausalLM.from_config(hf_config, dtype=dtype)
    kwargs: dict[str, Any] = {"dtype": dtype}
    if spec.gguf_file:
        kwargs["gguf_file"] = spec.gguf_file
    return transformers.AutoModelForCausalLM.from_pretrained(str(spec.name_or_path), **kwargs)


def _with_lora(model: Any, spec: Any) -> Any:
    try:
        import peft
    except ImportError:
        raise ConfigError("model.lora needs peft: pip install 'toolreward[train]'") from None
    lora = spec.lora
    peft_config = peft.LoraConfig(
        r=lora.r,
        lora_alpha=lora.alpha,
        lora_dropout=lora.dropout,
        target_modules=lora.target_modules,
        task_type="CAUSAL_LM",
    )
    return peft.get_peft_model(model, peft_config)


def _eos_ids(model: Any, tokenizer: Any, extra: list[str]) -> tuple[int, ...]:
    ids: list[int] = []
    candidates: list[Any] = [tokenizer.eos_token_id]
    generation = getattr(model, "generation_config", None)
    if generation is not None:
        candidates.append(generation.eos_token_id)
    for token in extra:
        token_id = tokenizer.convert_tokens_to_ids(token)
        if token_id is None or token_id == tokenizer.unk_token_id:
            raise ConfigError(f"model.stop_tokens: {token!r} is not one token of this tokenizer")
        candidates.append(token_id)
    for item in candidates:
        for token_id in item if isinstance(item, list) else [item]:
            if token_id is not None and token_id not in ids:
                ids.append(int(token_id))
    if not ids:
        raise ConfigError("the tokenizer has no EOS token: set model.stop_tokens")
    return tuple(ids)


def completion_logprobs(
    model: Any,
    prompt_ids: torch.Tensor,
    prompt_mask: torch.Tensor,
    completion_ids: torch.Tensor,
    completion_mask: torch.Tensor,
    temperature: float,
    entropy: bool = False,
    entropy_grad: bool = True,
) -> tuple[torch.Tensor, torch.Tensor | None]:
    """Per-token log-probs (B, T) of the completion given the left-padded prompt.

    Columns that are padding in every row (left of the longest prompt, right
    of the longest completion) are dropped first; only the last ``T + 1``
    positions are projected to the vocabulary, which saves most of the
    LM-head cost on long prompts.  The result keeps the input's width ``T``.
    """
    full_width = completion_ids.size(1)
    used = prompt_mask.any(dim=0).nonzero()
    start = int(used[0]) if used.numel() else prompt_mask.size(1) - 1
    ends = completion_mask.any(dim=0).nonzero()
    stop = int(ends[-1]) + 1 if ends.numel() else 1
    input_ids = torch.cat([prompt_ids[:, start:], completion_ids[:, :stop]], dim=1)
    attention = torch.cat([prompt_mask[:, start:], completion_mask[:, :stop]], dim=1)
    out = model(
        input_ids=input_ids,
        attention_mask=attention,
        position_ids=position_ids(attention),
        logits_to_keep=stop + 1,
        use_cache=False,
    )
    logp, ent = token_logprobs(
        out.logits[:, :-1, :], completion_ids[:, :stop], temperature, entropy, entropy_grad
    )
    if stop < full_width:
        pad = (0, full_width - stop)
        logp = torch.nn.functional.pad(logp, pad)
        ent = torch.nn.functional.pad(ent, pad) if ent is not None else None
    return logp, ent
