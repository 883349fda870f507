"""The search space: one cell of ``NODES`` nodes on the 8×8 digits, each edge one of ``OPERATIONS``.

Node 0 is the stem's output; node j > 0 sums one operation applied to every earlier node, so the
cell has ``len(EDGES)`` edges and ``len(OPERATIONS) ** len(EDGES)`` architectures. The classifier
reads the last node. A ``Genotype`` picks one operation per edge; a mixed cell (DARTS' continuous
relaxation) runs them all and weights them with a softmax over the edge's architecture parameters.
"""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch import nn

from apps.demos.engines.nas.names import EDGES, NODES, OPERATION_NAMES

WIDTH = 32
N_PIXELS, N_CLASSES = 64, 10


def _layer(activation: Callable[[], nn.Module]) -> Callable[[], nn.Module]:
    return lambda: nn.Sequential(nn.Linear(WIDTH, WIDTH), activation())


class Zero(nn.Module):
    """No connection: the edge contributes nothing."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.zeros_like(x)


OPERATIONS: dict[str, Callable[[], nn.Module]] = {
    "zero": Zero,
    "skip": nn.Identity,
    "linear_relu": _layer(nn.ReLU),
    "linear_tanh": _layer(nn.Tanh),
    "linear_sigmoid": _layer(nn.Sigmoid),
}
assert tuple(OPERATIONS) == OPERATION_NAMES
Genotype = tuple[str, ...]  # one operation name per edge, in EDGES order


class Cell(nn.Module):
    """Stem → cell → classifier. With ``genotype`` each edge has one operation; without, every
    operation on every edge, mixed by ``weights`` (edges × operations) passed to ``forward``."""

    def __init__(self, genotype: Genotype | None = None):
        super().__init__()
        self.genotype = genotype
        self.stem = nn.Linear(N_PIXELS, WIDTH)  # linear: any non-linearity comes from the cell
        names = [(name,) for name in genotype] if genotype else [OPERATION_NAMES] * len(EDGES)
        self.edges = nn.ModuleList(nn.ModuleList(OPERATIONS[n]() for n in ops) for ops in names)
        self.classifier = nn.Linear(WIDTH, N_CLASSES)

    def forward(self, pixels: torch.Tensor, weights: torch.Tensor | None = None) -> torch.Tensor:
        nodes = [self.stem(pixels)]
        for j in range(1, NODES):
            total = 0
            for e, (i, target) in enumerate(EDGES):
                if target != j:
                    continue
                ops = self.edges[e]
                if weights is None:
                    total = total + ops[0](nodes[i])
                else:
                    total = total + sum(w * op(nodes[i]) for w, op in zip(weights[e], ops, strict=True))
            nodes.append(total)
        return self.classifier(nodes[-1])
