"""Fine-tuning the pretrained MLM encoder on the topic-group task, three ways.

* ``head``: encoder frozen, only a linear classifier on the mean-pooled token states trains;
* ``lora``: LoRA adapters on every attention query/value projection, plus the head;
* ``full``: the same query/value matrices trained outright, plus the head.

Every run starts from the same encoder, head initialisation and batch order, so the accuracy
differences come from what is trainable.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from apps.demos.engines.lm.batching import batch_stream, encode, pad
from apps.demos.engines.lm.lora import adapted_layers, add_lora, merge_lora
from apps.demos.engines.lm.model import INIT_STD, Encoder
from apps.demos.engines.lm.optim import scheduled_adamw
from apps.demos.engines.lm.subwords import Vocabulary

HEAD, LORA, FULL = "head", "lora", "full"


class TopicClassifier(nn.Module):
    def __init__(self, encoder: Encoder, groups: int):
        super().__init__()
        self.encoder = encoder
        self.head = nn.Linear(encoder.config.d_model, groups)
        nn.init.normal_(self.head.weight, std=INIT_STD)
        nn.init.zeros_(self.head.bias)

    def pooled(self, ids: torch.Tensor) -> torch.Tensor:
        """Mean of the final hidden states over the real (non-padding) tokens."""
        real = (ids != 0).unsqueeze(-1).float()
        return (self.encoder(ids) * real).sum(dim=1) / real.sum(dim=1)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        return self.head(self.pooled(ids))


def build_classifier(encoder: Encoder, groups: int, method: str, rank: int, alpha: float, seed: int) -> TopicClassifier:
    """A copy of ``encoder`` with a fresh head; only what ``method`` trains requires grad."""
    torch.manual_seed(seed)
    classifier = TopicClassifier(copy.deepcopy(encoder), groups)
    classifier.encoder.requires_grad_(False)
    if method == LORA:
        add_lora(classifier.encoder, rank, alpha)
    elif method == FULL:
        for attention, name in adapted_layers(classifier.encoder):
            getattr(attention, name).weight.requires_grad_(True)
    return classifier


def trainable_state(classifier: TopicClassifier) -> dict[str, torch.Tensor]:
    """What a run actually changed: the file a user would ship for this method."""
    return {n: p for n, p in classifier.named_parameters() if p.requires_grad}


@dataclass(frozen=True)
class TaskData:
    train_ids: list[list[int]]
    train_labels: torch.Tensor
    test_ids: torch.Tensor
    test_labels: torch.Tensor

    @classmethod
    def build(
        cls,
        vocab: Vocabulary,
        train: Sequence[tuple[tuple[str, ...], int]],
        test: Sequence[tuple[tuple[str, ...], int]],
    ) -> TaskData:
        return cls(
            [encode(vocab, tokens) for tokens, _ in train],
            torch.tensor([label for _, label in train]),
            pad([encode(vocab, tokens) for tokens, _ in test]),
            torch.tensor([label for _, label in test]),
        )


def fine_tune(
    classifier: TopicClassifier,
    data: TaskData,
    *,
    steps: int,
    lr: float,
    head_lr: float,
    batch_size: int,
    seed: int,
) -> None:
    """Adam on whatever requires grad: ``lr`` for encoder weights, ``head_lr`` for the head."""
    generator = torch.Generator().manual_seed(seed)
    batches = batch_stream([len(s) for s in data.train_ids], batch_size, generator)
    encoder_params = [p for p in classifier.encoder.parameters() if p.requires_grad]
    groups = [{"params": list(classifier.head.parameters())}]
    if encoder_params:
        groups.append({"params": encoder_params, "lr": lr})
    optimizer, schedule = scheduled_adamw(
        groups,
        lr=head_lr,
        steps=steps,
        warmup=steps // 10,
        cooldown=1.0,
        weight_decay=0.0,
    )
    features = None
    if not encoder_params:  # a frozen encoder gives fixed features: compute them once
        with torch.no_grad():
            chunks = [pad(data.train_ids[i : i + 256]) for i in range(0, len(data.train_ids), 256)]
            features = torch.cat([classifier.pooled(ids) for ids in chunks])
    classifier.train()
    for _ in range(steps):
        batch = next(batches)
        if features is None:
            logits = classifier(pad([data.train_ids[i] for i in batch]))
        else:
            logits = classifier.head(features[batch])
        loss = F.cross_entropy(logits, data.train_labels[batch])
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        schedule.step()
    classifier.eval()


@torch.inference_mode()
def accuracy(classifier: TopicClassifier, ids: torch.Tensor, labels: torch.Tensor) -> float:
    return (classifier(ids).argmax(dim=1) == labels).float().mean().item()


@torch.inference_mode()
def merge_difference(classifier: TopicClassifier, ids: torch.Tensor, dtype: torch.dtype = torch.float64) -> float:
    """Largest |logit| difference between the adapter path and the merged W + (alpha/r) B A.

    Compared in float64 by default: the identity is exact, and float32 rounding alone already
    moves these logits (up to ~10) by several 1e-6, too close to any tolerance worth testing.
    """
    adapted = copy.deepcopy(classifier).to(dtype)
    merged = copy.deepcopy(adapted)
    merge_lora(merged.encoder)
    return (adapted(ids) - merged(ids)).abs().max().item()
