"""Surrogate models: explain a black box by fitting a simple model to mimic its answers.

The black box is an MLP trained on the task's labelled digits (artifact ``fundamentals-blackbox``).
Global surrogates — decision trees of depth 1–10 and a multinomial logistic regression — are fitted
to the black box's *predictions* on every non-test image (they need its answers, not labels), then
judged on the held-out test images by **fidelity** (agreement with the black box) next to
**accuracy** (agreement with the labels). A local, LIME-style surrogate explains one image: random
2×2 blocks of it are blanked, the black box scores each variant, and a weighted linear model of
"which blocks were kept" fits those scores near the original image.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import joblib
import numpy as np
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler
from sklearn.tree import DecisionTreeClassifier, export_text

from apps.demos.engines.errors import one_of, whole_number
from apps.demos.engines.fundamentals.data import digit_image, digit_splits, digits_sha256
from apps.demos.engines.fundamentals.names import SURROGATES, TREE_DEPTHS
from apps.demos.engines.mlops.threads import single_threaded
from apps.demos.engines.registry import Artifact
from apps.demos.engines.spec import Progress, TrainSpec

SEED = 0
MIN_BLACK_BOX_ACCURACY = 0.9
RULES_MAX_DEPTH = 3  # deeper trees are too long to read as rules
LOCAL_SAMPLES = 400
LOCAL_TEST_SAMPLES = 200
BLOCK = 2  # LIME's "superpixels" on an 8×8 digit: 16 blocks of 2×2 pixels
_MODEL, _RESULTS = "black_box.joblib", "surrogates.json"
RECIPE = {
    "data": "sklearn load_digits; split seed 0 (pre-training pool 45%, task training pool 35%, test 20%)",
    "black_box": "pixels/16 → MLPClassifier(hidden 32 relu, adam, alpha 1e-4, max_iter 1000, seed 0) on the task pool",
    "surrogates": {
        "inputs": "pre-training pool + task pool images (no labels), black-box predictions as targets",
        "trees": list(TREE_DEPTHS),
        "logistic": "StandardScaler + LogisticRegression(C=1.0)",
    },
    "version": 1,
}


def _scale(x: np.ndarray) -> np.ndarray:
    return x / 16.0


def build_black_box() -> Pipeline:
    return make_pipeline(
        FunctionTransformer(_scale),
        MLPClassifier(hidden_layer_sizes=(32,), alpha=1e-4, max_iter=1000, random_state=SEED),
    )


def _surrogates() -> dict[str, Any]:
    models: dict[str, Any] = {f"tree-{d}": DecisionTreeClassifier(max_depth=d, random_state=SEED) for d in TREE_DEPTHS}
    models["logistic"] = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=2000))
    return models


def _agreement(a: np.ndarray, b: np.ndarray) -> float:
    return round(float((a == b).mean()), 4) if len(a) else None


def train(directory: Path, progress: Progress, required: Mapping[str, Artifact] | None = None) -> dict[str, Any]:
    splits = digit_splits()
    started = time.process_time()
    with single_threaded():
        progress(0.05, "training the black-box MLP")
        black_box = build_black_box().fit(splits.train.x, splits.train.y)
        test_box = black_box.predict(splits.test.x)
        mimic_x = np.vstack([splits.pretrain.x, splits.train.x])
        mimic_y = black_box.predict(mimic_x)
        surrogates = {}
        for i, (name, model) in enumerate(_surrogates().items()):
            progress(0.3 + 0.6 * i / (len(TREE_DEPTHS) + 1), f"fitting surrogate {name}")
            model.fit(mimic_x, mimic_y)
            predicted = model.predict(splits.test.x)
            entry = {"test_predictions": predicted.tolist()}
            if name.startswith("tree-") and model.get_depth() <= RULES_MAX_DEPTH:
                names = [f"px[{r},{c}]" for r in range(8) for c in range(8)]
                entry["rules"] = export_text(model, feature_names=names, decimals=1)
            surrogates[name] = entry
    cpu_seconds = time.process_time() - started
    joblib.dump(black_box, directory / _MODEL)
    results = {
        "test_index": splits.test.index.tolist(),
        "test_labels": splits.test.y.tolist(),
        "black_box_predictions": test_box.tolist(),
        "surrogates": surrogates,
    }
    (directory / _RESULTS).write_text(json.dumps(results))
    accuracy = _agreement(test_box, splits.test.y)
    progress(1.0, f"black-box test accuracy {accuracy}")
    return {
        "metrics": {
            "black_box_accuracy": accuracy,
            "logistic_fidelity": _agreement(np.array(surrogates["logistic"]["test_predictions"]), test_box),
            "tree_3_fidelity": _agreement(np.array(surrogates["tree-3"]["test_predictions"]), test_box),
            "train_cpu_seconds": round(cpu_seconds, 2),
        },
        "seed": SEED,
        "data": {"recipe": RECIPE["data"], "sha256": digits_sha256()},
    }


def gate(metadata: dict[str, Any]) -> str | None:
    accuracy = metadata.get("metrics", {}).get("black_box_accuracy") or 0.0
    if accuracy < MIN_BLACK_BOX_ACCURACY:
        return f"black-box test accuracy {accuracy} is below {MIN_BLACK_BOX_ACCURACY}"
    return None


def load(directory: Path) -> dict[str, Any]:
    results = json.loads((directory / _RESULTS).read_text())
    arrays = {
        "test_index": np.array(results["test_index"]),
        "test_labels": np.array(results["test_labels"]),
        "black_box_predictions": np.array(results["black_box_predictions"]),
    }
    surrogates = {
        name: {**entry, "test_predictions": np.array(entry["test_predictions"])}
        for name, entry in results["surrogates"].items()
    }
    return {"black_box": joblib.load(directory / _MODEL), **arrays, "surrogates": surrogates}


SPEC = TrainSpec(
    name="fundamentals-blackbox",
    demo="regression",
    recipe=RECIPE,
    train=train,
    load=load,
    gate=gate,
    expected_seconds=8.0,
)


def _block_masks(n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` random keep/blank patterns over the 16 blocks; each block kept with probability ½."""
    return (rng.random((n, (8 // BLOCK) ** 2)) < 0.5).astype(float)


def _apply(image: np.ndarray, masks: np.ndarray) -> np.ndarray:
    side = 8 // BLOCK
    pixel_masks = masks.reshape(-1, side, side).repeat(BLOCK, axis=1).repeat(BLOCK, axis=2).reshape(len(masks), 64)
    return image[None, :] * pixel_masks


def local_surrogate(black_box: Pipeline, image: np.ndarray, target: int, seed: int) -> dict[str, Any]:
    """A weighted linear model of the black box's probability for ``target`` around ``image``."""
    rng = np.random.default_rng(seed)
    masks = _block_masks(LOCAL_SAMPLES + LOCAL_TEST_SAMPLES, rng)
    masks[0] = 1.0  # the original image itself
    scores = black_box.predict_proba(_apply(image, masks))[:, target]
    # Closer variants (more blocks kept) count more: an exponential kernel on the share blanked.
    weights = np.exp(-(((1.0 - masks.mean(axis=1)) / 0.25) ** 2))
    fit, held = slice(0, LOCAL_SAMPLES), slice(LOCAL_SAMPLES, None)
    model = Ridge(alpha=1.0).fit(masks[fit], scores[fit], sample_weight=weights[fit])
    predicted = model.predict(masks[held])
    agree = ((predicted >= 0.5) == (scores[held] >= 0.5)).astype(float)
    return {
        "target": int(target),
        "block_weights": np.round(model.coef_.reshape(8 // BLOCK, 8 // BLOCK), 4).tolist(),
        "fidelity": round(float(np.average(agree, weights=weights[held])), 4),
        "r2": round(float(model.score(masks[held], scores[held], sample_weight=weights[held])), 4),
        "samples": LOCAL_SAMPLES,
    }


def explain(lab: dict[str, Any], surrogate: str = "tree-3", sample: int = 0, seed: int = 0) -> dict[str, Any]:
    """Fidelity and accuracy of one global surrogate on the test images, and a local one for test image ``sample``."""
    surrogate = one_of("surrogate", surrogate, SURROGATES)
    sample = whole_number("sample", sample, 0, len(lab["test_labels"]) - 1)
    seed = whole_number("seed", seed, 0, 2**31 - 1)
    labels, box = lab["test_labels"], lab["black_box_predictions"]
    predicted = lab["surrogates"][surrogate]["test_predictions"]
    errs = box != labels
    row = int(lab["test_index"][sample])
    image = np.asarray(digit_image(row), dtype=float).reshape(64)
    box_label = int(box[sample])
    with single_threaded():
        local = local_surrogate(lab["black_box"], image, box_label, seed)
    return {
        "surrogate": surrogate,
        "test_size": len(labels),
        "black_box_accuracy": _agreement(box, labels),
        "surrogate_fidelity": _agreement(predicted, box),
        "surrogate_accuracy": _agreement(predicted, labels),
        "where_black_box_errs": {
            "count": int(errs.sum()),
            "surrogate_fidelity": _agreement(predicted[errs], box[errs]),
            "surrogate_accuracy": _agreement(predicted[errs], labels[errs]),
        },
        "all_surrogates": {
            name: {
                "fidelity": _agreement(entry["test_predictions"], box),
                "accuracy": _agreement(entry["test_predictions"], labels),
            }
            for name, entry in lab["surrogates"].items()
        },
        "rules": lab["surrogates"][surrogate].get("rules"),
        "sample": {
            "index": sample,
            "image": digit_image(row),
            "label": int(labels[sample]),
            "black_box": box_label,
            "surrogate": int(predicted[sample]),
        },
        "local": local,
    }
