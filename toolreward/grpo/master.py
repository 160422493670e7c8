"""fp32 master weights for a model whose weights are bf16 (or fp16).

AdamW on bf16 weights loses small updates: a bf16 weight has 8 significant
bits, so an update below about 1/256 of the weight rounds away, and at
lr 1e-6 almost every update does.  ``MasterWeights`` keeps an fp32 copy of
every trainable parameter; the optimizer updates the copies (its states
are fp32 too), and after each step the copies are rounded back into the
model, which keeps computing in its own dtype.  Small updates accumulate
in the copies until they show in the model's weights, as with the "fp32
main parameters" of Megatron-LM and the mixed precision of verl's FSDP.

Memory per trainable parameter: the model's bf16 weight (2 bytes) and
gradient (2), the fp32 master (4) and its gradient (4, during the step),
and AdamW's two fp32 moments (8): 20 bytes, against 16 for an fp32 model
and 8 for pure bf16 training (which does not learn at small learning
rates).

>>> model = torch.nn.Linear(2, 1).to(torch.bfloat16)
>>> master = MasterWeights([p for p in model.parameters()])
>>> all(p.dtype == torch.float32 for p in master.params)
True
"""

from __future__ import annotations

import torch


class MasterWeights:
    """fp32 copies of ``params`` (the model's low-precision trainable parameters)."""

    def __init__(self, params: list[torch.nn.Parameter]) -> None:
        self.model_params = params
        self.params = [
            torch.nn.Parameter(p.detach().to(torch.float32).clone(), requires_grad=True)
            for p in params
        ]

    def pull_grads(self) -> None:
        """Copy the model's gradients into the fp32 copies (``None`` stays ``None``)."""
        for model_param, master in zip(self.model_params, self.params):
            if model_param.grad is None:
                master.grad = None
            else:
                master.grad = model_param.grad.detach().to(torch.float32)

    @torch.no_grad()
    def push_params(self) -> None:
        """Round the fp32 copies into the model's parameters."""
        for model_param, master in zip(self.model_params, self.params):
            model_param.copy_(master.to(model_param.dtype))

    def zero_grad(self) -> None:
        """Drop the gradients of both the model's parameters and the copies."""
        for model_param, master in zip(self.model_params, self.params):
            model_param.grad = None
            master.grad = None

    def state_dict(self) -> list[torch.Tensor]:
        """The fp32 copies, for a checkpoint."""
        return [p.detach().cpu() for p in self.params]

    @torch.no_grad()
    def load_state_dict(self, tensors: list[torch.Tensor]) -> None:
        """Restore the fp32 copies from a checkpoint (and round them into the model)."""
        if len(tensors) != len(self.params):
            raise ValueError(f"{len(tensors)} master weights for {len(self.params)} parameters")
        for master, value in zip(self.params, tensors):
            master.copy_(value)
        self.push_params()


def wants_master_weights(mode: str, params: list[torch.nn.Parameter]) -> bool:
    """``optim.master_weights``: ``"fp32"``, ``"off"``, or ``"auto"`` (fp32 when any
    trainable parameter is bf16 or fp16)."""
    if mode == "auto":
        return any(p.dtype in (torch.bfloat16, torch.float16) for p in params)
    return mode == "fp32"
