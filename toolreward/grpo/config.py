"""The training configuration: one validated pydantic model, read from YAML or JSON.

Every field has a default except the data path and the model source, so a
minimal config is four lines::

    model: {name_or_path: Qwen/Qwen2.5-7B-Instruct}
    data: {train: train.jsonl}
    run: {output_dir: runs/n1}

Unknown keys are errors, and an invalid config raises one ``ConfigError``
that lists every bad field with its path:

>>> try:
...     config_from_dict({"model": {}, "data": {"train": "t.jsonl"}, "loss": {"clip_low": -1}})
... except ConfigError as err:
...     print(err)
invalid training config:
  model: give model.name_or_path or model.config
  loss.clip_low: Input should be greater than or equal to 0
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..errors import ConfigError
from ..verdict import check_config


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LoraConfig(_Section):
    """LoRA adapters through peft; the frozen base doubles as the KL reference."""

    r: int = Field(16, ge=1)
    alpha: float = Field(32.0, gt=0)
    dropout: float = Field(0.0, ge=0, lt=1)
    target_modules: list[str] | str = "all-linear"


class ModelConfig(_Section):
    """Where the policy comes from.

    ``name_or_path`` is a local directory (or a hub id where the hub is
    reachable); ``gguf_file`` names a .gguf file inside it.  ``config`` builds
    the architecture from a transformers config dict with random weights
    (seeded by ``run.seed``), for tests and for throughput runs without weights.
    """

    name_or_path: str | None = None
    gguf_file: str | None = None
    tokenizer: str | None = None
    config: dict[str, Any] | None = None
    dtype: Literal["float32", "bfloat16", "float16"] = "float32"
    gradient_checkpointing: bool = False
    lora: LoraConfig | None = None
    chat_template: str | None = Field(
        None, description="a Jinja chat template replacing the tokenizer's (or ChatML)"
    )
    stop_tokens: list[str] = Field(
        default_factory=list,
        description="extra tokens that end a response, besides the tokenizer's EOS",
    )

    @model_validator(mode="after")
    def _source(self) -> ModelConfig:
        if self.name_or_path is None and self.config is None:
            raise ValueError("give model.name_or_path or model.config")
        if self.config is not None and self.tokenizer is None and self.name_or_path is None:
            raise ValueError("a model built from model.config needs model.tokenizer")
        return self


class DataConfig(_Section):
    """Training and held-out records: JSONL or parquet with messages/prompt, tools, ground_truth.

    ``system_prompt="tool_n1"`` puts the tools and the answer format into the
    system message (after any system text the record already has, or after
    ``system_preamble``); ``"keep"`` uses the messages exactly as given.
    """

    train: str
    eval: str | None = None
    system_prompt: Literal["tool_n1", "keep"] = "tool_n1"
    system_preamble: str = ""
    max_prompt_tokens: int = Field(2048, ge=1)
    shuffle: bool = True


class RolloutConfig(_Section):
    """Sampling: ``num_generations`` completions for each of ``prompts_per_step`` prompts."""

    prompts_per_step: int = Field(8, ge=1)
    num_generations: int = Field(5, ge=1)
    temperature: float = Field(0.7, gt=0)
    top_p: float = Field(1.0, gt=0, le=1)
    top_k: int | None = Field(None, ge=1)
    max_new_tokens: int = Field(512, ge=1)
    stop_strings: list[str] = Field(default_factory=list)
    batch_size: int | None = Field(None, ge=1, description="sequences per generate call")


class RewardConfig(_Section):
    """The reward: ``toolreward.score`` with this preset and these options."""

    preset: str = "tool_n1"
    options: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _known(self) -> RewardConfig:
        check_config(self.preset, **self.options)
        return self


class LossConfig(_Section):
    """The GRPO objective; see :mod:`toolreward.grpo.algorithm` for the formulas."""

    clip_low: float = Field(0.2, ge=0, lt=1)
    clip_high: float = Field(0.2, ge=0)
    kl_coef: float = Field(1e-3, ge=0)
    entropy_coef: float = 0.0
    agg: Literal["token-mean", "seq-mean-token-mean"] = "token-mean"
    scale_rewards: bool = Field(True, description="divide by the group std; False is Dr. GRPO")
    eps: float = Field(1e-6, gt=0)
    num_iterations: int = Field(1, ge=1)
    log_entropy: bool = Field(
        True, description="compute the entropy for the metrics even when entropy_coef is 0"
    )
    mini_batch_prompts: int | None = Field(
        None, ge=1, description="prompts per optimizer step (verl's ppo_mini_batch_size); None: all"
    )


class OptimConfig(_Section):
    """AdamW with a constant learning rate after an optional linear warm-up."""

    lr: float = Field(1e-6, gt=0)
    weight_decay: float = Field(0.0, ge=0)
    betas: tuple[float, float] = (0.9, 0.999)
    max_grad_norm: float = Field(1.0, gt=0)
    warmup_steps: int = Field(0, ge=0)
    micro_batch_size: int = Field(4, ge=1)
    master_weights: Literal["auto", "fp32", "off"] = Field(
        "auto", description="fp32 copies of bf16/fp16 weights for the optimizer; auto: when needed"
    )


class EvalConfig(_Section):
    """Held-out reward on ``data.eval``: before training, every ``every`` steps, and at the end."""

    every: int = Field(0, ge=0, description="0: only before and after")
    max_records: int | None = Field(None, ge=1)
    temperature: float = Field(0.0, ge=0, description="0 is greedy")
    num_generations: int = Field(1, ge=1)


class RunConfig(_Section):
    """Where results go, how long to train, and the seed."""

    output_dir: str = "runs/grpo"
    steps: int = Field(100, ge=1)
    seed: int = 0
    save_every: int = Field(50, ge=0, description="0: only at the end")
    resume: bool = True
    device: Literal["auto", "cpu", "cuda"] = "auto"
    bf16: Literal["auto", "on", "off"] = "auto"
    progress: bool = True
    threads: int | None = Field(None, ge=1, description="torch CPU threads")


class GRPOConfig(_Section):
    """The whole run; each section is one concern."""

    model: ModelConfig
    data: DataConfig
    rollout: RolloutConfig = RolloutConfig()
    reward: RewardConfig = RewardConfig()
    loss: LossConfig = LossConfig()
    optim: OptimConfig = OptimConfig()
    eval: EvalConfig = EvalConfig()
    run: RunConfig = RunConfig()


def config_from_dict(raw: Any) -> GRPOConfig:
    """Validate ``raw``; a ``ConfigError`` lists every bad field (``section.key: problem``)."""
    try:
        return GRPOConfig.model_validate(raw)
    except ValidationError as err:
        lines = []
        for problem in err.errors():
            where = ".".join(str(part) for part in problem["loc"]) or "config"
            message = problem["msg"].removeprefix("Value error, ")
            lines.append(f"  {where}: {message}")
        raise ConfigError("invalid training config:\n" + "\n".join(lines)) from None


def load_config(path: str | Path, overrides: dict[str, Any] | None = None) -> GRPOConfig:
    """Read a YAML (``.yaml``/``.yml``) or JSON config file, apply ``overrides``, validate."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise ConfigError(f"cannot read config {path}: {err.strerror}") from None
    if path.suffix in (".yaml", ".yml"):
        import yaml

        try:
            raw = yaml.safe_load(text)
        except yaml.YAMLError as err:
            raise ConfigError(f"{path}: not valid YAML: {err}") from None
    else:
        try:
            raw = json.loads(text)
        except json.JSONDecodeError as err:
            raise ConfigError(f"{path}: not valid JSON: {err}") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: the config must be a mapping of sections")
    for dotted, value in (overrides or {}).items():
        _set_dotted(raw, dotted, value)
    return config_from_dict(raw)


def _set_dotted(raw: dict[str, Any], dotted: str, value: Any) -> None:
    *parents, leaf = dotted.split(".")
    node = raw
    for key in parents:
        child = node.setdefault(key, {})
        if not isinstance(child, dict):
            raise ConfigError(f"override {dotted}: {key} is not a section")
        node = child
    node[leaf] = value
