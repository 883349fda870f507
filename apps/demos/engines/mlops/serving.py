"""The digits classifier behind the serving demo (Model-in-Service vs Model-as-a-Service).

The artifact is ONE joblib file holding the whole scikit-learn pipeline: standardisation
(mean and scale learnt from the training split) followed by logistic regression. The web
layer calls ``predict`` in-process (model in service) or behind an HTTP API (model as a
service); either way the same artifact turns raw 0–16 pixels into a prediction, so the
preprocessing cannot be forgotten or re-implemented differently at serving time.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from numbers import Real
from pathlib import Path
from typing import Any

import joblib
import numpy as np
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline

from apps.demos.engines.errors import InputError, whole_number
from apps.demos.engines.mlops.digits import N_CLASSES, N_FEATURES, PIXEL_MAX, data_sha256, digits
from apps.demos.engines.mlops.model_validation import evaluate
from apps.demos.engines.mlops.pipeline_code import BASELINE
from apps.demos.engines.mlops.threads import single_threaded
from apps.demos.engines.registry import Artifact
from apps.demos.engines.spec import Progress, TrainSpec
from apps.demos.engines.text import Text, gettext_noop

MODEL_FILE = "model.joblib"
MIN_ACCURACY = 0.95
MAX_IMAGES = 100
SEED = 0
TEST_FRACTION = 0.25
RECIPE = {
    "data": "sklearn.datasets.load_digits (1,797 8x8 images, pixels 0-16)",
    "split": {"test_fraction": TEST_FRACTION, "stratified": True, "seed": SEED},
    "pipeline": ["StandardScaler", "LogisticRegression(C=0.1, solver=newton-cg, tol=1e-3)"],
    "artifact": "one joblib file: preprocessing + model",
    "version": 1,
}


@lru_cache(maxsize=1)
def _split() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    images, labels = digits()
    parts = train_test_split(images, labels, test_size=TEST_FRACTION, random_state=SEED, stratify=labels)
    for part in parts:
        part.setflags(write=False)
    return tuple(parts)


def _train(directory: Path, progress: Progress, required: Mapping[str, Artifact]) -> dict[str, Any]:
    train_x, test_x, train_y, test_y = _split()
    progress(0.1, "fitting standardisation + logistic regression")
    with single_threaded():
        model = BASELINE.build().fit(train_x, train_y)
    progress(0.7, "evaluating on the held-out split")
    metrics = evaluate(test_y, model.predict(test_x))
    skew = training_serving_skew(model)
    path = directory / MODEL_FILE
    joblib.dump(model, path)
    progress(1.0, "saved")
    return {
        "metrics": {**metrics, "training_serving_skew": skew},
        "seed": SEED,
        "data": {"recipe": RECIPE["data"], "sha256": data_sha256()},
        "artifact": {
            "file": MODEL_FILE,
            "bytes": path.stat().st_size,
            "steps": [name for name, _ in model.steps],
        },
    }


def _load(directory: Path) -> Pipeline:
    return joblib.load(directory / MODEL_FILE)


def _gate(metadata: dict[str, Any]) -> str | None:
    accuracy = metadata["metrics"]["accuracy"]
    if accuracy < MIN_ACCURACY:
        return f"held-out accuracy {accuracy:.1%} is below {MIN_ACCURACY:.0%}"
    return None


SERVING_SPEC = TrainSpec(
    name="digits-serving",
    demo="serving",
    recipe=RECIPE,
    train=_train,
    load=_load,
    gate=_gate,
    expected_seconds=3.0,
)


def _check_numbers(image: Any, where: Text | str) -> None:
    """One image: a list of N_FEATURES real numbers (not bools); ``where`` prefixes the message."""
    if not isinstance(image, list | tuple) or len(image) != N_FEATURES:
        raise InputError(
            "pixels",
            gettext_noop("%(where)sexpected %(count)s values, got %(size)s."),
            where=where,
            count=N_FEATURES,
            size=len(image) if isinstance(image, list | tuple) else "not a list",
        )
    for value in image:
        if not isinstance(value, Real) or isinstance(value, bool):
            raise InputError(
                "pixels",
                gettext_noop("%(where)svalues must be numbers, got %(value)s."),
                where=where,
                value=repr(value),
            )


def _images(pixels: Any) -> np.ndarray:
    """Validate one image (64 numbers) or a list of images into an (n, 64) array."""
    if not isinstance(pixels, list | tuple) or not pixels:
        raise InputError("pixels", gettext_noop("Send one image as a list of 64 numbers, or a list of such lists."))
    single = not isinstance(pixels[0], list | tuple)
    batch = [pixels] if single else pixels
    if len(batch) > MAX_IMAGES:
        raise InputError(
            "pixels", gettext_noop("At most %(max)s images per call; got %(count)s."), max=MAX_IMAGES, count=len(batch)
        )

    def where(index: int) -> Text | str:
        return "" if single else Text(gettext_noop("image %(index)s: "), {"index": index})

    for index, image in enumerate(batch):
        _check_numbers(image, where(index))
    images = np.asarray(batch, dtype=float)
    bad = ~(np.isfinite(images) & (images >= 0.0) & (images <= PIXEL_MAX))
    if bad.any():
        index, column = np.argwhere(bad)[0]
        raise InputError(
            "pixels",
            gettext_noop("%(where)svalues must be finite and within 0–16, got %(value)s."),
            where=where(index),
            value=repr(batch[index][column]),
        )
    return images


def predict(model: Pipeline, pixels: Any) -> dict[str, list]:
    """Classify one 8×8 digit (64 pixels, 0–16, row by row) or a list of them.

    Returns ``{"predictions": [digit, ...], "probabilities": [[p0..p9], ...]}``, one entry
    per image even for a single image.
    """
    images = _images(pixels)
    probabilities = model.predict_proba(images)
    classes = model.classes_
    return {
        "predictions": [int(classes[i]) for i in probabilities.argmax(axis=1)],
        "probabilities": [[round(float(p), 6) for p in row] for row in probabilities],
    }


def sample_inputs(count: int = N_CLASSES) -> list[dict[str, Any]]:
    """The first held-out image of each digit (0, 1, 2, ...), ``count`` of them."""
    whole_number("count", count, 1, N_CLASSES)
    _, test_x, _, test_y = _split()
    samples = []
    for digit in range(count):
        index = int(np.flatnonzero(test_y == digit)[0])
        samples.append({"pixels": [int(v) for v in test_x[index]], "label": digit})
    return samples


def training_serving_skew(model: Pipeline) -> dict[str, Any]:
    """Held-out accuracy of the one-artifact pipeline vs a model-only hand-over.

    A model-only hand-over ships the final estimator and leaves the preprocessing steps
    to be re-implemented by the serving code; when that code forgets them, raw pixels
    reach the classifier (training–serving skew).
    """
    _, test_x, _, test_y = _split()
    preprocessing, classifier = model[:-1], model[-1]
    return {
        "records": len(test_y),
        "forgotten_steps": [name for name, _ in preprocessing.steps],
        "one_artifact": _accuracy(model.predict(test_x), test_y),
        "model_only_preprocessed": _accuracy(classifier.predict(preprocessing.transform(test_x)), test_y),
        "model_only_forgot_preprocessing": _accuracy(classifier.predict(test_x), test_y),
    }


def _accuracy(predictions: np.ndarray, labels: np.ndarray) -> float:
    return round(float((predictions == labels).mean()), 4)
