"""CBOW and skip-gram (Mikolov et al., 2013) with a full softmax over the vocabulary.

Skip-gram predicts each context word from the centre word; CBOW predicts the centre word from
the mean of its context words. Both keep two tables, input vectors (the embeddings shown) and
output vectors. The softmax runs over the whole vocabulary: with a couple of hundred words it
costs what 5–20 negative samples would, and it is exact (no sampling noise, no unigram table).
Negative sampling exists for vocabularies of 10⁵–10⁶ words, where it is the only affordable way.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
from torch import nn

from apps.demos.engines.seeding import deterministic


def windows(sentences: list[list[int]], window: int) -> tuple[torch.Tensor, torch.Tensor]:
    """For every token: its id, and the ids of up to ``window`` words either side (-1 pads)."""
    centres, contexts = [], []
    for ids in sentences:
        for i, centre in enumerate(ids):
            around = ids[max(0, i - window) : i] + ids[i + 1 : i + 1 + window]
            centres.append(centre)
            contexts.append(around + [-1] * (2 * window - len(around)))
    return torch.tensor(centres), torch.tensor(contexts)


class Word2Vec(nn.Module):
    def __init__(self, vocabulary: int, dimensions: int):
        super().__init__()
        self.inputs = nn.Embedding(vocabulary, dimensions)
        self.outputs = nn.Linear(dimensions, vocabulary)
        nn.init.uniform_(self.inputs.weight, -0.5 / dimensions, 0.5 / dimensions)

    def cbow_loss(self, centres: torch.Tensor, contexts: torch.Tensor) -> torch.Tensor:
        present = (contexts >= 0).float().unsqueeze(2)
        summed = (self.inputs(contexts.clamp(min=0)) * present).sum(dim=1)
        hidden = summed / present.sum(dim=1).clamp(min=1)
        return nn.functional.cross_entropy(self.outputs(hidden), centres)

    def skipgram_loss(self, centres: torch.Tensor, contexts: torch.Tensor) -> torch.Tensor:
        logits = self.outputs(self.inputs(centres))  # (batch, vocabulary): one row serves every context
        targets = contexts.clamp(min=0)
        losses = nn.functional.cross_entropy(
            logits.unsqueeze(2).expand(-1, -1, contexts.shape[1]), targets, reduction="none"
        )
        present = (contexts >= 0).float()
        return (losses * present).sum() / present.sum()


def train(architecture: str, sentences: list[list[int]], vocabulary: int, recipe: dict[str, Any]) -> dict[str, Any]:
    """Train one architecture for ``recipe["steps"]`` minibatches; its input vectors and loss curve."""
    with deterministic(recipe["seed"]):
        centres, contexts = windows(sentences, recipe["window"])
        model = Word2Vec(vocabulary, recipe["dimensions"])
        loss_of = model.cbow_loss if architecture == "cbow" else model.skipgram_loss
        optimiser = torch.optim.Adam(model.parameters(), lr=recipe["lr"])
        order = torch.Generator().manual_seed(recipe["seed"])
        losses = []
        for step in range(recipe["steps"]):
            picked = torch.randint(len(centres), (recipe["batch"],), generator=order)
            loss = loss_of(centres[picked], contexts[picked])
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            if step % recipe["log_every"] == 0:
                losses.append(round(loss.item(), 4))
        return {"vectors": model.inputs.weight.detach().numpy().astype(np.float32), "losses": losses}
