"""Training, gating and loading of the ``shots`` artifact: an attribute network trained on seen digits only."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from sklearn.datasets import load_digits

from apps.demos.engines.registry import Artifact
from apps.demos.engines.seeding import deterministic
from apps.demos.engines.shots import attributes
from apps.demos.engines.shots.lab import EPISODES, headline_metrics
from apps.demos.engines.shots.network import AttributeNet, class_scores
from apps.demos.engines.spec import Progress, TrainSpec

MIN_SEEN_ACCURACY = 0.9  # the gate: the network must at least recognise the digits it was trained on
_WEIGHTS = "weights.pt"

RECIPE: dict[str, Any] = {
    "data": "sklearn load_digits, pixels / 16",
    "seen": list(attributes.SEEN),
    "unseen": list(attributes.UNSEEN),
    "descriptions": {str(d): list(keys) for d, keys in attributes.DESCRIPTIONS.items()},
    "seen_train_fraction": 0.7,  # the rest of the seen-class images are held out for GZSL
    "split_seed": 0,
    "seed": 0,
    "loss": "binary cross-entropy per attribute, seen-class images only",
    "steps": 300,
    "batch": 64,
    "optimizer": "AdamW",
    "lr": 0.003,
    "weight_decay": 0.001,
    "k_shot_draws": EPISODES,  # support sets per k behind the recorded k-shot metrics
}


@dataclass(frozen=True)
class Split:
    pixels: np.ndarray  # (1797, 64) float32 in [0, 1]
    labels: np.ndarray
    seen_train: np.ndarray  # indices the network learns from
    seen_test: np.ndarray  # held-out seen-class images
    unseen: np.ndarray  # every unseen-class image: never used in training


@lru_cache(maxsize=1)
def split(seed: int = RECIPE["split_seed"], fraction: float = RECIPE["seen_train_fraction"]) -> Split:
    bunch = load_digits()
    pixels = (bunch.data / 16.0).astype(np.float32)
    labels = bunch.target.astype(int)
    seen = np.flatnonzero(np.isin(labels, attributes.SEEN))
    np.random.default_rng(seed).shuffle(seen)
    cut = int(fraction * len(seen))
    return Split(
        pixels,
        labels,
        np.sort(seen[:cut]),
        np.sort(seen[cut:]),
        np.flatnonzero(np.isin(labels, attributes.UNSEEN)),
    )


def fit(rec: dict[str, Any], progress: Progress) -> AttributeNet:
    data = split(rec["split_seed"], rec["seen_train_fraction"])
    pixels = torch.from_numpy(data.pixels[data.seen_train])
    targets = torch.from_numpy(attributes.matrix()[data.labels[data.seen_train]])
    with deterministic(rec["seed"]):
        net = AttributeNet(len(attributes.ATTRIBUTE_KEYS))
        optimizer = torch.optim.AdamW(net.parameters(), lr=rec["lr"], weight_decay=rec["weight_decay"])
        batches = torch.Generator().manual_seed(rec["seed"])
        for step in range(rec["steps"]):
            pick = torch.randint(0, len(pixels), (rec["batch"],), generator=batches)
            loss = F.binary_cross_entropy_with_logits(net(pixels[pick])[1], targets[pick])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            if step % 50 == 0:
                progress(0.05 + 0.85 * step / rec["steps"], f"step {step}/{rec['steps']} loss {loss.item():.3f}")
    return net.eval().requires_grad_(False)


@dataclass(frozen=True)
class ShotsModel:
    """What a request needs, computed once at load: scores and embeddings of every held-out image."""

    labels: np.ndarray  # held-out images: seen_test then unseen
    scores: np.ndarray  # (n, 10) description log-likelihoods
    embeddings: np.ndarray  # (n, 64)
    n_seen_test: int


def score(net: AttributeNet, data: Split) -> ShotsModel:
    held_out = np.concatenate([data.seen_test, data.unseen])
    with torch.inference_mode():
        embeddings, logits = net(torch.from_numpy(data.pixels[held_out]))
        scores = class_scores(logits, torch.from_numpy(attributes.matrix()))
    return ShotsModel(data.labels[held_out], scores.numpy(), embeddings.numpy(), len(data.seen_test))


def train(directory: Path, progress: Progress, required: Mapping[str, Artifact] | None = None) -> dict[str, Any]:
    started = time.process_time()
    net = fit(RECIPE, progress)
    cpu_seconds = time.process_time() - started
    torch.save(net.state_dict(), directory / _WEIGHTS)
    data = split()
    metrics = headline_metrics(score(net, data))
    progress(1.0, f"zero-shot accuracy {metrics['zsl_accuracy']:.3f}")
    return {
        "metrics": {**metrics, "train_cpu_seconds": round(cpu_seconds, 2)},
        "seed": RECIPE["seed"],
        "data": {"recipe": RECIPE["data"], "sha256": hashlib.sha256(data.pixels.tobytes()).hexdigest()},
    }


def gate(metadata: dict[str, Any]) -> str | None:
    seen = metadata.get("metrics", {}).get("seen_accuracy", 0.0)
    if seen < MIN_SEEN_ACCURACY:
        return f"seen-class accuracy {seen:.3f} is below {MIN_SEEN_ACCURACY}"
    return None


def load(directory: Path) -> ShotsModel:
    net = AttributeNet(len(attributes.ATTRIBUTE_KEYS))
    net.load_state_dict(torch.load(directory / _WEIGHTS, weights_only=True))
    return score(net.eval().requires_grad_(False), split())


SPEC = TrainSpec(name="shots", demo="shots", recipe=RECIPE, train=train, load=load, gate=gate, expected_seconds=5.0)
TRAIN_SPECS: list[TrainSpec] = [SPEC]
