"""Over- and underfitting on load_digits: capacity knobs and training time, with the notes' remedies.

Trained by ``train_demos`` (artifact ``fundamentals-fitting``), since the curves take seconds:

* capacity sweeps — decision-tree depth and MLP hidden width — with train and validation error
  and each capacity's regime by the one-standard-error rule (``capacity.regimes``);
* error and cross-entropy against epochs for a wide MLP on few labelled digits (10 per class),
  and the same run with each remedy: more data (the whole task pool), L2 regularisation and
  dropout; early stopping is read off the plain run's validation loss (patience rule).

Train = the task's labelled pool (or its first 10 per class); validation = the held-out test split.
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
from sklearn.tree import DecisionTreeClassifier

from apps.demos.engines.errors import one_of
from apps.demos.engines.fundamentals.capacity import regimes
from apps.demos.engines.fundamentals.data import digit_splits, digits_sha256
from apps.demos.engines.fundamentals.names import KNOBS, REMEDIES
from apps.demos.engines.fundamentals.stages import per_class
from apps.demos.engines.mlops.threads import single_threaded
from apps.demos.engines.registry import Artifact
from apps.demos.engines.seeding import deterministic
from apps.demos.engines.spec import Progress, TrainSpec

SEED = 0
TREE_DEPTHS = tuple(range(1, 16))
WIDTHS = (1, 2, 4, 8, 16, 32, 64, 128)
EPOCHS = 300
EPOCH_WIDTH = 256
FEW_PER_CLASS = 10
PATIENCE = 20
RECORD_EVERY = 5
L2, DROPOUT = 3e-3, 0.5
_RESULTS = "fitting.json"
RECIPE = {
    "data": "sklearn load_digits; split seed 0; train = task pool, validation = test split",
    "trees": {"depths": list(TREE_DEPTHS), "seed": SEED},
    "widths": {"widths": list(WIDTHS), "epochs": 150, "lr": 1e-2, "optimizer": "Adam, full batch"},
    "epochs": {
        "width": EPOCH_WIDTH,
        "epochs": EPOCHS,
        "few_per_class": FEW_PER_CLASS,
        "l2": L2,
        "dropout": DROPOUT,
        "patience": PATIENCE,
    },
    "seed": SEED,
    "version": 1,
}


def _standard_error(errors: list[float], best: int, n: int) -> float:
    p = errors[best]
    return float(np.sqrt(p * (1 - p) / n))


def _sweep(name: str, capacities: tuple[int, ...], train_error: list[float], validation_error: list[float], n: int):
    best, names = regimes(validation_error, _standard_error(validation_error, int(np.argmin(validation_error)), n))
    return {
        "capacity": name,
        "capacities": list(capacities),
        "train_error": [round(e, 4) for e in train_error],
        "validation_error": [round(e, 4) for e in validation_error],
        "best_capacity": capacities[best],
        "regime": names,
    }


def _mlp(width: int, dropout: float) -> torch.nn.Module:
    return torch.nn.Sequential(
        torch.nn.Linear(64, width), torch.nn.ReLU(), torch.nn.Dropout(dropout), torch.nn.Linear(width, 10)
    )


def _train_mlp(x, y, vx, vy, width: int, epochs: int, l2: float, dropout: float, record: bool):
    """Full-batch Adam; with ``record``, train/validation error and loss every RECORD_EVERY epochs."""
    images, labels = torch.from_numpy(x / 16.0).float(), torch.from_numpy(np.array(y))
    val_images, val_labels = torch.from_numpy(vx / 16.0).float(), torch.from_numpy(np.array(vy))
    with deterministic(SEED):
        model = _mlp(width, dropout)
        # L2 as a penalty in the loss (weight_decay in Adam), on every weight.
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-2, weight_decay=l2)
        curve = []
        for epoch in range(1, epochs + 1):
            model.train()
            loss = F.cross_entropy(model(images), labels)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            if record and (epoch % RECORD_EVERY == 0 or epoch == 1):
                curve.append({"epoch": epoch, **_evaluate(model, images, labels, val_images, val_labels)})
        final = _evaluate(model, images, labels, val_images, val_labels)
    return final, curve


def _evaluate(model, images, labels, val_images, val_labels) -> dict[str, float]:
    model.eval()
    with torch.inference_mode():
        out, val_out = model(images), model(val_images)
        return {
            "train_loss": round(F.cross_entropy(out, labels).item(), 4),
            "validation_loss": round(F.cross_entropy(val_out, val_labels).item(), 4),
            "train_error": round(1 - (out.argmax(1) == labels).float().mean().item(), 4),
            "validation_error": round(1 - (val_out.argmax(1) == val_labels).float().mean().item(), 4),
        }


def early_stop(curve: list[dict[str, float]], patience: int) -> dict[str, Any]:
    """Where early stopping halts: after ``patience`` epochs without a lower validation loss,
    keeping the weights of the best epoch."""
    best = curve[0]
    for point in curve:
        if point["validation_loss"] < best["validation_loss"]:
            best = point
        elif point["epoch"] - best["epoch"] >= patience:
            return {"stopped_at": point["epoch"], "best": best}
    return {"stopped_at": curve[-1]["epoch"], "best": best}


def run(progress: Progress) -> dict[str, Any]:
    splits = digit_splits()
    x, y, vx, vy = splits.train.x, splits.train.y, splits.test.x, splits.test.y
    with single_threaded():
        progress(0.05, "tree depths")
        trees = [DecisionTreeClassifier(max_depth=d, random_state=SEED).fit(x, y) for d in TREE_DEPTHS]
        tree = _sweep(
            "tree depth",
            TREE_DEPTHS,
            [1 - t.score(x, y) for t in trees],
            [1 - t.score(vx, vy) for t in trees],
            len(vy),
        )
        progress(0.2, "MLP widths")
        finals = [_train_mlp(x, y, vx, vy, w, 150, 0.0, 0.0, record=False)[0] for w in WIDTHS]
        width = _sweep(
            "MLP hidden width",
            WIDTHS,
            [f["train_error"] for f in finals],
            [f["validation_error"] for f in finals],
            len(vy),
        )
        few_x, few_y = per_class(splits.train, FEW_PER_CLASS, SEED)
        epochs = {}
        for i, remedy in enumerate(REMEDIES):
            progress(0.4 + 0.5 * i / len(REMEDIES), f"epochs, remedy: {remedy}")
            data = (x, y) if remedy == "more_data" else (few_x, few_y)
            _, curve = _train_mlp(
                *data,
                vx,
                vy,
                EPOCH_WIDTH,
                EPOCHS,
                L2 if remedy == "l2" else 0.0,
                DROPOUT if remedy == "dropout" else 0.0,
                record=True,
            )
            epochs[remedy] = {"train_size": len(data[1]), "curve": curve}
    return {
        "capacity": {"tree": tree, "width": width},
        "epochs": epochs,
        "early_stopping": early_stop(epochs["none"]["curve"], PATIENCE),
        "train_size": len(y),
        "validation_size": len(vy),
    }


def train(directory: Path, progress: Progress, required: Mapping[str, Artifact] | None = None) -> dict[str, Any]:
    started = time.process_time()
    results = run(progress)
    (directory / _RESULTS).write_text(json.dumps(results))
    plain = results["epochs"]["none"]["curve"][-1]
    progress(1.0, "measured")
    return {
        "metrics": {
            "best_tree_depth": results["capacity"]["tree"]["best_capacity"],
            "best_width": results["capacity"]["width"]["best_capacity"],
            "few_labels_final_validation_loss": plain["validation_loss"],
            "early_stopping_epoch": results["early_stopping"]["best"]["epoch"],
            "train_cpu_seconds": round(time.process_time() - started, 2),
        },
        "seed": SEED,
        "data": {"recipe": RECIPE["data"], "sha256": digits_sha256()},
    }


def load(directory: Path) -> dict[str, Any]:
    return json.loads((directory / _RESULTS).read_text())


def curves(results: dict[str, Any], knob: str = "tree", remedy: str = "none") -> dict[str, Any]:
    """The page's view of the trained curves: one capacity knob and one remedy's epoch curve."""
    knob = one_of("knob", knob, KNOBS)
    remedy = one_of("remedy", remedy, REMEDIES)
    return {
        **results["capacity"][knob],
        "knob": knob,
        "remedy": remedy,
        "epochs": results["epochs"][remedy],
        "plain_epochs": results["epochs"]["none"],
        "early_stopping": results["early_stopping"],
        "train_size": results["train_size"],
        "validation_size": results["validation_size"],
    }


SPEC = TrainSpec(
    name="fundamentals-fitting",
    demo="fitting",
    recipe=RECIPE,
    train=train,
    load=load,
    expected_seconds=20.0,
)
