"""The network that learns to see the attributes, and the rule that scores any described class."""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

N_PIXELS = 64
HIDDEN = 128
EMBEDDING = 64


class AttributeNet(nn.Module):
    """Pixels → embedding → one logit per attribute ("does this image have a closed loop?")."""

    def __init__(self, n_attributes: int):
        super().__init__()
        self.embed = nn.Sequential(nn.Linear(N_PIXELS, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, EMBEDDING), nn.ReLU())
        self.attributes = nn.Linear(EMBEDDING, n_attributes)

    def forward(self, pixels: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """``(embedding, attribute logits)``."""
        embedding = self.embed(pixels)
        return embedding, self.attributes(embedding)


def class_scores(attribute_logits: torch.Tensor, descriptions: torch.Tensor) -> torch.Tensor:
    """``(n, classes)`` log-likelihood that each image matches each class's description.

    Attributes are treated as independent (direct attribute prediction): the score of a class sums
    log p(attribute) over the attributes it has and log(1 − p) over those it lacks, so a class
    never trained on is scored from its description alone.
    """
    return F.logsigmoid(attribute_logits) @ descriptions.T + F.logsigmoid(-attribute_logits) @ (1 - descriptions).T
