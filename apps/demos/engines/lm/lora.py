"""LoRA: a frozen weight W plus a trainable low-rank update (alpha / r) * B A.

For a d_out x d_in matrix W, A is r x d_in (random) and B is d_out x r (zeros, so training
starts exactly at the pretrained model): r * (d_in + d_out) trainable numbers instead of
d_out * d_in. After training, W + (alpha / r) * B A can be merged back into one matrix,
so the adapted model costs nothing extra at inference.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import torch
from torch import nn

from apps.demos.engines.lm.model import Encoder

ADAPTED = ("query", "value")  # the attention projections the paper adapts


class LoRALinear(nn.Module):
    def __init__(self, base: nn.Linear, rank: int, alpha: float):
        super().__init__()
        self.base = base
        for parameter in base.parameters():
            parameter.requires_grad_(False)
        self.rank = rank
        self.scaling = alpha / rank
        self.lora_a = nn.Parameter(torch.randn(rank, base.in_features) / math.sqrt(base.in_features))
        self.lora_b = nn.Parameter(torch.zeros(base.out_features, rank))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.base(x) + (x @ self.lora_a.T @ self.lora_b.T) * self.scaling

    def merged(self) -> nn.Linear:
        """A plain linear layer computing the same function (summed in float64, then rounded once)."""
        weight = self.base.weight
        merged = nn.Linear(self.base.in_features, self.base.out_features, dtype=weight.dtype)
        with torch.no_grad():
            update = self.scaling * self.lora_b.double() @ self.lora_a.double()
            merged.weight.copy_((weight.double() + update).to(weight.dtype))
            merged.bias.copy_(self.base.bias)
        return merged


def adapted_layers(encoder: Encoder) -> Iterator[tuple[nn.Module, str]]:
    """(attention module, attribute name) for every adapted projection, in a fixed order."""
    for block in encoder.blocks:
        for name in ADAPTED:
            yield block.attention, name


def add_lora(encoder: Encoder, rank: int, alpha: float) -> None:
    """Wrap q and v of every attention layer in place (A drawn from torch's global RNG)."""
    for attention, name in adapted_layers(encoder):
        setattr(attention, name, LoRALinear(getattr(attention, name), rank, alpha))


def merge_lora(encoder: Encoder) -> None:
    """Replace every ``LoRALinear`` by its merged ``nn.Linear``, in place."""
    for attention, name in adapted_layers(encoder):
        layer = getattr(attention, name)
        if isinstance(layer, LoRALinear):
            setattr(attention, name, layer.merged())


def lora_parameter_count(d_out: int, d_in: int, rank: int) -> int:
    """Trainable numbers LoRA adds to one d_out x d_in matrix: r * (d + k)."""
    return rank * (d_out + d_in)
