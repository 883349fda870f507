"""What the shots page and API show: zero-shot, k-shot and GZSL accuracy from one trained network."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from apps.demos.engines.errors import number, whole_number
from apps.demos.engines.shots import attributes, evaluate

if TYPE_CHECKING:  # the model needs torch; the page's limits must not
    from apps.demos.engines.shots.trainer import ShotsModel

SHOTS: tuple[int, ...] = (1, 2, 3, 5, 10)
EPISODES = 20  # support sets drawn per k; accuracy is their mean
CALIBRATION_MAX = 20
CALIBRATION_STEP = 0.5
DEFAULT_CALIBRATION = 10.0
SEED_MAX = 999


def _unseen(model: ShotsModel) -> tuple[np.ndarray, np.ndarray]:
    part = slice(model.n_seen_test, None)
    return model.labels[part], model.embeddings[part]


def k_shot_curve(model: ShotsModel, *, seed: int = 0) -> dict[int, float]:
    """k → accuracy on the unseen digits with k labelled examples each (nearest prototype)."""
    labels, embeddings = _unseen(model)
    rng = np.random.default_rng(seed)
    return {
        k: evaluate.k_shot_accuracy(embeddings, labels, attributes.UNSEEN, k, episodes=EPISODES, rng=rng) for k in SHOTS
    }


def zsl_accuracy(model: ShotsModel) -> float:
    part = slice(model.n_seen_test, None)
    return evaluate.zero_shot_accuracy(model.scores[part], model.labels[part], attributes.UNSEEN)


def gzsl(model: ShotsModel, calibration: float) -> dict[str, float]:
    return evaluate.generalised_zero_shot(model.scores, model.labels, attributes.SEEN, calibration)


def calibration_sweep(model: ShotsModel) -> list[dict[str, float]]:
    """GZSL at every calibration the slider offers: the trade-off between seen and unseen accuracy."""
    steps = int(CALIBRATION_MAX / CALIBRATION_STEP) + 1
    return [gzsl(model, i * CALIBRATION_STEP) for i in range(steps)]


def headline_metrics(model: ShotsModel) -> dict[str, Any]:
    """The figures recorded in the artifact's metadata."""
    uncalibrated, calibrated = gzsl(model, 0.0), gzsl(model, DEFAULT_CALIBRATION)
    part = slice(None, model.n_seen_test)
    seen_only = attributes.SEEN
    seen_pred = np.asarray(seen_only)[model.scores[part][:, seen_only].argmax(axis=1)]
    return {
        "seen_accuracy": round(float((seen_pred == model.labels[part]).mean()), 4),
        "zsl_accuracy": round(zsl_accuracy(model), 4),
        "k_shot_accuracy": {str(k): round(v, 4) for k, v in k_shot_curve(model).items()},
        "gzsl_uncalibrated": {k: round(v, 4) for k, v in uncalibrated.items()},
        "gzsl_calibrated": {k: round(v, 4) for k, v in calibrated.items()},
    }


def run(model: ShotsModel, *, calibration: float = DEFAULT_CALIBRATION, seed: int = 0) -> dict[str, Any]:
    """The page's and the API's answer. ``seed`` draws the few-shot support sets."""
    calibration = number("calibration", calibration, 0.0, CALIBRATION_MAX)
    seed = whole_number("seed", seed, 0, SEED_MAX)
    return {
        "seen_classes": list(attributes.SEEN),
        "unseen_classes": list(attributes.UNSEEN),
        "zsl_accuracy": zsl_accuracy(model),
        "k_shot_accuracy": k_shot_curve(model, seed=seed),
        "gzsl": gzsl(model, calibration),
        "gzsl_uncalibrated": gzsl(model, 0.0),
        "calibration_sweep": calibration_sweep(model),
        "chance": 1 / len(attributes.UNSEEN),
    }
