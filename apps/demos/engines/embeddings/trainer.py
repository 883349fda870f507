"""The ``embeddings`` artifact: CBOW and skip-gram vectors trained on the generated text, with
their neighbour and held-out analogy scores (seconds of training, one thread)."""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from apps.demos.engines.embeddings import corpus
from apps.demos.engines.embeddings.space import ARCHITECTURES, Space, analogy_accuracy, group_margin
from apps.demos.engines.registry import Artifact
from apps.demos.engines.spec import Progress, TrainSpec

_VECTORS, _WORDS, _LOSSES = "vectors.npz", "words.json", "losses.json"

RECIPE: dict[str, Any] = {
    "text": "generated: people x gender, countries x capitals, verbs x tense, three topic groups",
    "sentences": 10_000,
    "window": 3,
    "dimensions": 32,
    "softmax": "full",
    "steps": 1500,
    "batch": 256,
    "lr": 0.01,
    "optimizer": "Adam",
    "log_every": 50,
    "seed": 0,
}


def vocabulary(sentences: list[list[str]]) -> tuple[str, ...]:
    """Every word of the text, most frequent first (ties alphabetical, so it is reproducible)."""
    counts = Counter(word for sentence in sentences for word in sentence)
    return tuple(sorted(counts, key=lambda w: (-counts[w], w)))


def measures(space: Space) -> dict[str, float]:
    probes = corpus.probes()
    held_out = [p for p in probes if p.held_out]
    found = {}
    for architecture in ARCHITECTURES:
        groups = group_margin(space, architecture)
        found[f"{architecture}_analogy_held_out"] = round(analogy_accuracy(space, architecture, held_out), 4)
        found[f"{architecture}_analogy_all"] = round(analogy_accuracy(space, architecture, probes), 4)
        found[f"{architecture}_group_margin"] = round(groups["within"] - groups["across"], 4)
        found[f"{architecture}_group_precision"] = round(groups["precision"], 4)
    return found


def train(directory: Path, progress: Progress, required: Mapping[str, Artifact] | None = None) -> dict[str, Any]:
    from apps.demos.engines.embeddings import word2vec  # torch, only when training

    started = time.process_time()
    text = corpus.sentences(RECIPE["sentences"], RECIPE["seed"])
    words = vocabulary(text)
    index = {w: i for i, w in enumerate(words)}
    ids = [[index[w] for w in sentence] for sentence in text]
    vectors, losses = {}, {}
    for done, architecture in enumerate(ARCHITECTURES):
        progress(done / len(ARCHITECTURES), architecture)
        trained = word2vec.train(architecture, ids, len(words), RECIPE)
        vectors[architecture], losses[architecture] = trained["vectors"], trained["losses"]
    np.savez(directory / _VECTORS, **vectors)
    (directory / _WORDS).write_text(json.dumps(list(words)))
    (directory / _LOSSES).write_text(json.dumps(losses))
    found = measures(Space(words, vectors))
    progress(1.0, ", ".join(f"{a} analogy {found[f'{a}_analogy_held_out']:.0%}" for a in ARCHITECTURES))
    return {
        "metrics": {**found, "vocabulary": len(words), "train_cpu_seconds": round(time.process_time() - started, 2)},
        "seed": RECIPE["seed"],
        "data": {"recipe": "generated sentences", "tokens": sum(map(len, text))},
    }


def gate(metadata: dict[str, Any]) -> str | None:
    metrics = metadata.get("metrics", {})
    if min(metrics.get(f"{a}_analogy_held_out", 0.0) for a in ARCHITECTURES) < 0.5:
        return "an architecture answers fewer than half of the held-out analogies"
    return None


def load(directory: Path) -> Space:
    with np.load(directory / _VECTORS) as stored:
        vectors = {a: stored[a] for a in ARCHITECTURES}
    return Space(tuple(json.loads((directory / _WORDS).read_text())), vectors)


SPEC = TrainSpec(
    name="embeddings", demo="embeddings", recipe=RECIPE, train=train, load=load, gate=gate, expected_seconds=20.0
)
TRAIN_SPECS: list[TrainSpec] = [SPEC]
