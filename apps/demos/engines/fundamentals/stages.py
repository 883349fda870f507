"""The five stages of how deep learning evolved, measured on one task: classify load_digits.

1. **Rules** written by hand (``rules.py``): no labels, no training.
2. **Classical ML**: hand-made features (zone densities, row/column profiles, loops) and a
   scikit-learn logistic regression fitted on the task's labelled pool.
3. **Deep learning from scratch**: a small CNN learns its own features from the raw pixels of
   the same labelled pool.
4. **Pre-training + fine-tuning**: the same CNN is first pre-trained on *other* digits — a
   separate pool by other writers, the way an ImageNet model has seen cats before it is tuned
   to tell cats from dogs — then given a new head and fine-tuned on a few labelled examples per
   class of the task.
5. **Prompting**: the pre-trained network is not trained on the task at all; a "prompt" of one
   labelled example per class becomes ten prototypes, and each test image takes the class of the
   nearest prototype in the network's feature space (zero task-specific training).

Everything is trained by ``train_demos`` (artifact ``fundamentals-stages``); the page reads the
measured table, the accuracy-vs-labels curve and each stage's test predictions from it.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from apps.demos.engines.errors import whole_number
from apps.demos.engines.fundamentals import rules
from apps.demos.engines.fundamentals.data import Split, digit_image, digit_splits, digits_sha256
from apps.demos.engines.fundamentals.names import STAGES
from apps.demos.engines.mlops.threads import single_threaded
from apps.demos.engines.registry import Artifact
from apps.demos.engines.seeding import deterministic
from apps.demos.engines.spec import Progress, TrainSpec

SEED = 0
FINE_TUNE_PER_CLASS = 10
PROMPT_PER_CLASS = 1
LABEL_CURVE = (1, 5, 10, 30)  # labelled examples per class, plus "all", for the accuracy-vs-labels curve
MIN_SCRATCH_ACCURACY = 0.9
_RESULTS = "stages.json"
RECIPE = {
    "data": "sklearn load_digits; split seed 0 (pre-training pool 45%, task training pool 35%, test 20%)",
    "rules": "hand-written if-then rules on loops, width and ink position (no data)",
    "features": "16 zone densities + 8 row and 8 column profiles + loop count/row → StandardScaler + LogisticRegression(C=1)",
    "cnn": "conv3x3(16)-relu-conv3x3(32)-relu-maxpool2-fc(64)-relu-fc; AdamW lr 3e-3, batch 64, 300 steps",
    "pretrain": {"data": "the pre-training pool, all ten digits", "steps": 300},
    "finetune": {"per_class": FINE_TUNE_PER_CLASS, "steps": 100, "lr": 3e-3, "head": "new"},
    "prompt": {"per_class": PROMPT_PER_CLASS, "distance": "cosine to class prototypes of the 64-d features"},
    "label_curve": list(LABEL_CURVE),
    "seed": SEED,
    "version": 1,
}


class DigitNet(torch.nn.Module):
    def __init__(self, classes: int = 10):
        super().__init__()
        self.features = torch.nn.Sequential(
            torch.nn.Conv2d(1, 16, 3, padding=1),
            torch.nn.ReLU(),
            torch.nn.Conv2d(16, 32, 3, padding=1),
            torch.nn.ReLU(),
            torch.nn.MaxPool2d(2),
            torch.nn.Flatten(),
            torch.nn.Linear(32 * 4 * 4, 64),
            torch.nn.ReLU(),
        )
        self.head = torch.nn.Linear(64, classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.features(x))


def _tensor(x: np.ndarray) -> torch.Tensor:
    return torch.from_numpy(x / 16.0).float().reshape(-1, 1, 8, 8)


def _fit(model: DigitNet, x: np.ndarray, y: np.ndarray, steps: int, lr: float, seed: int) -> DigitNet:
    images, labels = _tensor(x), torch.from_numpy(np.array(y, dtype=np.int64))
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=1e-4)
    batches = torch.Generator().manual_seed(seed)
    model.train()
    for _ in range(steps):
        pick = torch.randint(0, len(labels), (min(64, len(labels)),), generator=batches)
        loss = F.cross_entropy(model(images[pick]), labels[pick])
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
    return model.eval()


def _predict(model: DigitNet, x: np.ndarray) -> np.ndarray:
    with torch.inference_mode():
        return model(_tensor(x)).argmax(dim=1).numpy()


def _embed(model: DigitNet, x: np.ndarray) -> np.ndarray:
    with torch.inference_mode():
        return F.normalize(model.features(_tensor(x)), dim=1).numpy()


def hand_made_features(x: np.ndarray) -> np.ndarray:
    """What a person would measure: ink per 2×2 zone, per row and column, and the loops."""
    grid = x.reshape(-1, 8, 8)
    zones = grid.reshape(-1, 4, 2, 4, 2).sum(axis=(2, 4)).reshape(-1, 16)
    loops = np.array([[f["holes"], f["hole_row"]] for f in map(rules.shape_facts, x)])
    return np.hstack([zones, grid.sum(axis=2), grid.sum(axis=1), loops])


def per_class(split: Split, k: int | None, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The first ``k`` examples of each class in a seeded shuffle of ``split`` (all when None)."""
    if k is None:
        return split.x, split.y
    order = np.random.default_rng(seed).permutation(len(split))
    chosen = np.concatenate([order[split.y[order] == c][:k] for c in range(10)])
    return split.x[chosen], split.y[chosen]


def _features_model(x: np.ndarray, y: np.ndarray):
    return make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=2000)).fit(hand_made_features(x), y)


def _scratch(x: np.ndarray, y: np.ndarray) -> DigitNet:
    with deterministic(SEED):
        return _fit(DigitNet(), x, y, steps=300, lr=3e-3, seed=SEED)


def _pretrain(pool: Split) -> DigitNet:
    with deterministic(SEED + 2):
        return _fit(DigitNet(), pool.x, pool.y, steps=300, lr=3e-3, seed=SEED + 2)


def _fine_tune(pretrained: DigitNet, x: np.ndarray, y: np.ndarray) -> DigitNet:
    with deterministic(SEED + 1):
        model = DigitNet()  # a new, randomly initialised head for the task
        model.features.load_state_dict(pretrained.features.state_dict())
        return _fit(model, x, y, steps=100, lr=3e-3, seed=SEED + 1)


def _prompted(pretrained: DigitNet, x: np.ndarray, y: np.ndarray, test_x: np.ndarray) -> np.ndarray:
    prototypes = np.stack([_embed(pretrained, x[y == c]).mean(axis=0) for c in range(10)])
    return (_embed(pretrained, test_x) @ prototypes.T).argmax(axis=1)


def _accuracy(predicted: np.ndarray, labels: np.ndarray) -> float:
    return round(float((predicted == labels).mean()), 4)


def run(progress: Progress) -> dict[str, Any]:
    """Train and measure all five stages and the accuracy-vs-labels curve."""
    splits = digit_splits()
    test = splits.test
    rows, predictions = [], {}

    def record(stage: str, labels: int, upstream: int, seconds: float, predicted: np.ndarray) -> None:
        predictions[stage] = predicted.tolist()
        rows.append(
            {
                "stage": stage,
                "task_labels": labels,
                "upstream_labels": upstream,
                "train_seconds": round(seconds, 3),
                "accuracy": _accuracy(predicted, test.y),
            }
        )

    upstream = len(splits.pretrain)
    with single_threaded():
        progress(0.02, "stage 1: hand-written rules")
        record("rules", 0, 0, 0.0, rules.predict(test.x))

        progress(0.05, "stage 2: hand-made features + logistic regression")
        started = time.process_time()
        classical = _features_model(splits.train.x, splits.train.y)
        record(
            "features",
            len(splits.train),
            0,
            time.process_time() - started,
            classical.predict(hand_made_features(test.x)),
        )

        progress(0.15, "stage 3: CNN from scratch")
        started = time.process_time()
        scratch = _scratch(splits.train.x, splits.train.y)
        record("scratch", len(splits.train), 0, time.process_time() - started, _predict(scratch, test.x))

        progress(0.3, "stage 4: pre-training on other writers' digits")
        started = time.process_time()
        pretrained = _pretrain(splits.pretrain)
        pretrain_seconds = time.process_time() - started
        few_x, few_y = per_class(splits.train, FINE_TUNE_PER_CLASS, SEED)
        started = time.process_time()
        tuned = _fine_tune(pretrained, few_x, few_y)
        record("finetune", len(few_y), upstream, time.process_time() - started, _predict(tuned, test.x))

        progress(0.45, "stage 5: prompting the pre-trained network with one example per class")
        prompt_x, prompt_y = per_class(splits.train, PROMPT_PER_CLASS, SEED)
        record("prompt", len(prompt_y), upstream, 0.0, _prompted(pretrained, prompt_x, prompt_y, test.x))

        curve = []
        for i, k in enumerate(LABEL_CURVE):
            progress(0.5 + 0.45 * i / len(LABEL_CURVE), f"accuracy with {k} labels per class")
            x, y = per_class(splits.train, k, SEED)
            point = {"per_class": k, "labels": len(y)}
            point["features"] = _accuracy(_features_model(x, y).predict(hand_made_features(test.x)), test.y)
            point["scratch"] = _accuracy(_predict(_scratch(x, y), test.x), test.y)
            point["finetune"] = _accuracy(_predict(_fine_tune(pretrained, x, y), test.x), test.y)
            point["prompt"] = _accuracy(_prompted(pretrained, x, y, test.x), test.y)
            curve.append(point)
        full = {row["stage"]: row["accuracy"] for row in rows}
        point = {
            "per_class": None,
            "labels": len(splits.train),
            "features": full["features"],
            "scratch": full["scratch"],
        }
        point["finetune"] = _accuracy(_predict(_fine_tune(pretrained, splits.train.x, splits.train.y), test.x), test.y)
        point["prompt"] = _accuracy(_prompted(pretrained, splits.train.x, splits.train.y, test.x), test.y)
        curve.append(point)
    return {
        "table": rows,
        "pretrain_seconds": round(pretrain_seconds, 3),
        "label_curve": curve,
        "test_index": test.index.tolist(),
        "test_labels": test.y.tolist(),
        "predictions": predictions,
    }


def train(directory: Path, progress: Progress, required: Mapping[str, Artifact] | None = None) -> dict[str, Any]:
    started = time.process_time()
    results = run(progress)
    (directory / _RESULTS).write_text(json.dumps(results))
    progress(1.0, "measured")
    return {
        "metrics": {
            **{f"{row['stage']}_accuracy": row["accuracy"] for row in results["table"]},
            "train_cpu_seconds": round(time.process_time() - started, 2),
        },
        "seed": SEED,
        "data": {"recipe": RECIPE["data"], "sha256": digits_sha256()},
    }


def gate(metadata: dict[str, Any]) -> str | None:
    accuracy = metadata.get("metrics", {}).get("scratch_accuracy") or 0.0
    if accuracy < MIN_SCRATCH_ACCURACY:
        return f"the CNN trained from scratch reached {accuracy}, below {MIN_SCRATCH_ACCURACY}"
    return None


def load(directory: Path) -> dict[str, Any]:
    return json.loads((directory / _RESULTS).read_text())


SPEC = TrainSpec(
    name="fundamentals-stages",
    demo="stages",
    recipe=RECIPE,
    train=train,
    load=load,
    gate=gate,
    expected_seconds=30.0,
)


def view(results: dict[str, Any], sample: int = 0) -> dict[str, Any]:
    """The measured table and curve, and what each stage answered for test image ``sample``."""
    sample = whole_number("sample", sample, 0, len(results["test_labels"]) - 1)
    row = results["test_index"][sample]
    return {
        "table": results["table"],
        "label_curve": results["label_curve"],
        "pretrain_seconds": results["pretrain_seconds"],
        "test_size": len(results["test_labels"]),
        "sample": {
            "index": sample,
            "pixels": [value for line in digit_image(row) for value in line],
            "label": results["test_labels"][sample],
            "predictions": {stage: results["predictions"][stage][sample] for stage in STAGES},
        },
    }
