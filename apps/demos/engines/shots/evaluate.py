"""Zero-shot, k-shot and generalised zero-shot accuracy over precomputed scores and embeddings.

Pure numpy, no training: the page and the API call these on every request.
"""

from __future__ import annotations

import numpy as np


def zero_shot_accuracy(scores: np.ndarray, labels: np.ndarray, unseen: tuple[int, ...]) -> float:
    """Conventional ZSL: unseen-class images, choosing among the unseen classes only."""
    among = np.asarray(unseen)
    predicted = among[scores[:, among].argmax(axis=1)]
    return float((predicted == labels).mean())


def k_shot_accuracy(
    embeddings: np.ndarray,
    labels: np.ndarray,
    classes: tuple[int, ...],
    k: int,
    *,
    episodes: int,
    rng: np.random.Generator,
) -> float:
    """Nearest prototype: per episode, ``k`` labelled images per class are averaged into a
    prototype; every other image goes to the class of the nearest prototype (Euclidean)."""
    among = np.asarray(classes)
    total = 0.0
    for _ in range(episodes):
        support = [rng.choice(np.flatnonzero(labels == c), k, replace=False) for c in classes]
        prototypes = np.stack([embeddings[s].mean(axis=0) for s in support])
        query = np.ones(len(labels), dtype=bool)
        query[np.concatenate(support)] = False
        # |q - p|² = |q|² - 2 q·p + |p|²; |q|² is the same for every prototype, so it can be left out
        distances = (prototypes**2).sum(axis=1) - 2 * embeddings[query] @ prototypes.T
        total += float((among[distances.argmin(axis=1)] == labels[query]).mean())
    return total / episodes


def harmonic_mean(seen: float, unseen: float) -> float:
    return 0.0 if seen + unseen == 0 else 2 * seen * unseen / (seen + unseen)


def generalised_zero_shot(
    scores: np.ndarray, labels: np.ndarray, seen: tuple[int, ...], calibration: float
) -> dict[str, float]:
    """GZSL: every image chooses among all classes. Calibrated stacking subtracts ``calibration``
    from the seen classes' scores, countering the bias toward the classes the network was trained on."""
    adjusted = scores - calibration * np.isin(np.arange(scores.shape[1]), seen)
    predicted = adjusted.argmax(axis=1)
    is_seen = np.isin(labels, seen)
    seen_acc = float((predicted[is_seen] == labels[is_seen]).mean())
    unseen_acc = float((predicted[~is_seen] == labels[~is_seen]).mean())
    return {
        "seen": seen_acc,
        "unseen": unseen_acc,
        "harmonic": harmonic_mean(seen_acc, unseen_acc),
        "calibration": float(calibration),
        # The bias made visible: unseen images the model files under a seen class.
        "unseen_predicted_as_seen": float(np.isin(predicted[~is_seen], seen).mean()),
    }
