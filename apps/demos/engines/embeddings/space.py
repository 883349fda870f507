"""The trained word vectors and what is measured on them: cosine neighbours, the analogy
``a - b + c``, one-hot against dense similarity. NumPy only; the page never needs torch."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from apps.demos.engines.embeddings.corpus import GROUPS, Probe

ARCHITECTURES: tuple[str, ...] = ("cbow", "skipgram")


@dataclass(frozen=True)
class Space:
    """The vocabulary and each architecture's vectors, unit length (cosine is a dot product)."""

    words: tuple[str, ...]
    vectors: dict[str, np.ndarray]  # architecture -> (len(words), dimensions)
    index: dict[str, int] = field(init=False)
    unit: dict[str, np.ndarray] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "index", {w: i for i, w in enumerate(self.words)})
        unit = {a: v / np.linalg.norm(v, axis=1, keepdims=True) for a, v in self.vectors.items()}
        object.__setattr__(self, "unit", unit)

    def cosines(self, architecture: str, query: np.ndarray) -> np.ndarray:
        """Cosine of ``query`` with every word."""
        return self.unit[architecture] @ (query / np.linalg.norm(query))

    def neighbours(self, architecture: str, word: str, count: int) -> list[tuple[str, float]]:
        """The ``count`` words most similar to ``word`` (itself excluded), with their cosines."""
        i = self.index[word]
        return self._nearest(architecture, self.unit[architecture][i], count, {i})

    def analogy(self, architecture: str, a: str, b: str, c: str, count: int) -> list[tuple[str, float]]:
        """The words nearest to ``a - b + c`` (unit vectors added, the three words excluded)."""
        u = self.unit[architecture]
        i, j, k = (self.index[w] for w in (a, b, c))
        return self._nearest(architecture, u[i] - u[j] + u[k], count, {i, j, k})

    def _nearest(self, architecture: str, query: np.ndarray, count: int, skip: set[int]) -> list[tuple[str, float]]:
        similarity = self.cosines(architecture, query)
        similarity[list(skip)] = -np.inf
        best = np.argsort(-similarity, kind="stable")[:count]
        return [(self.words[i], float(similarity[i])) for i in best]

    def similarity_matrix(self, architecture: str, words: list[str]) -> np.ndarray:
        rows = self.unit[architecture][[self.index[w] for w in words]]
        return rows @ rows.T


def one_hot(words: list[str], vocabulary: tuple[str, ...]) -> np.ndarray:
    """Each word as a ``len(vocabulary)``-long vector with a single 1 at its index."""
    matrix = np.zeros((len(words), len(vocabulary)), dtype=np.float32)
    for row, word in enumerate(words):
        matrix[row, vocabulary.index(word)] = 1.0
    return matrix


def cosine_matrix(vectors: np.ndarray) -> np.ndarray:
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    return unit @ unit.T


def analogy_accuracy(space: Space, architecture: str, probes: list[Probe]) -> float:
    """Share of probes whose nearest word to ``a - b + c`` is the answer."""
    hits = sum(space.analogy(architecture, p.a, p.b, p.c, 1)[0][0] == p.answer for p in probes)
    return hits / len(probes)


def group_margin(space: Space, architecture: str) -> dict[str, Any]:
    """How well the topic groups cluster: mean cosine within a group minus mean cosine to the
    other groups' words, and the share of each group word's nearest (group size - 1) neighbours
    that are in its group."""
    within, across, precision = [], [], []
    grouped = {w: g for g, words in GROUPS.items() for w in words}
    members = list(grouped)
    matrix = space.similarity_matrix(architecture, members)
    for i, word in enumerate(members):
        for j, other in enumerate(members):
            if i != j:
                (within if grouped[word] == grouped[other] else across).append(matrix[i, j])
        size = len(GROUPS[grouped[word]]) - 1
        found = space.neighbours(architecture, word, size)
        precision.append(sum(grouped.get(w) == grouped[word] for w, _ in found) / size)
    return {
        "within": float(np.mean(within)),
        "across": float(np.mean(across)),
        "precision": float(np.mean(precision)),
    }
