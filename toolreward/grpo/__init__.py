"""A compact reference GRPO trainer whose only reward is :func:`toolreward.score`.

Needs the ``train`` extra (``pip install 'toolreward[train]'``): torch,
transformers, peft, matplotlib, pydantic, pyyaml.  ``import toolreward``
never imports this package.

Modules, in the order data flows through them:

* :mod:`.config`: the validated run configuration;
* :mod:`.data`: records to chats with the Tool-N1 system prompt;
* :mod:`.chat`: chats to prompt text;
* :mod:`.policy`: the model, its reference and log-probs;
* :mod:`.rollout`: batched sampling and completion masks;
* :mod:`.algorithm`: advantages and the clipped loss;
* :mod:`.trainer`: the loop;
* :mod:`.checkpoint`, :mod:`.runlog`, :mod:`.plot`: state, metrics and curves.
"""

from __future__ import annotations

from typing import Any

from .config import GRPOConfig, config_from_dict, load_config

__all__ = ["GRPOConfig", "config_from_dict", "load_config", "train"]


def train(config: GRPOConfig, *, model: Any = None, tokenizer: Any = None) -> Any:
    """Run the loop; see :func:`toolreward.grpo.trainer.train` (imports torch on first use)."""
    from .trainer import train as run

    return run(config, model=model, tokenizer=tokenizer)
