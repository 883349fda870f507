"""The ``nas`` artifact: one DARTS search and one random search of the same space, each result retrained.

Searching takes seconds, so it happens here; the page shows the stored results.
Performance estimation is the same for both strategies: train on the training split, score on the
validation split. Only the final cells see the test split, after retraining from scratch on
training + validation data (``RETRAIN_SEEDS`` times; their mean is reported).
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import torch

from apps.demos.engines.nas import search
from apps.demos.engines.nas.names import EDGES, OPERATION_NAMES, search_space_size
from apps.demos.engines.nas.space import WIDTH
from apps.demos.engines.registry import Artifact
from apps.demos.engines.spec import Progress, TrainSpec

_RESULTS = "results.json"

RECIPE: dict[str, Any] = {
    "data": "sklearn load_digits, pixels / 16; stratified 50 % train, 25 % validation, 25 % test",
    "split_seed": 0,
    "space": {"operations": list(OPERATION_NAMES), "edges": [list(e) for e in EDGES], "width": WIDTH},
    "darts": {"steps": 200, "warmup": 50, "lr": 0.01, "alpha_lr": 0.03, "seed": 0, "record_every": 10},
    "alpha_history": "softmax(alpha) at the start and every record_every steps, warm-up included",
    "random_search": {"samples": 8, "steps": 100, "lr": 0.01, "seed": 0},
    "retrain": {"steps": 200, "lr": 0.01, "seeds": [0, 1, 2]},
}


def retrained_accuracy(genotype: list[str], data: search.Splits, rec: dict[str, Any]) -> float:
    both = (torch.cat([data.train[0], data.val[0]]), torch.cat([data.train[1], data.val[1]]))
    scores = [
        search.accuracy(search.train_cell(tuple(genotype), both, steps=rec["steps"], lr=rec["lr"], seed=s), data.test)
        for s in rec["seeds"]
    ]
    return statistics.fmean(scores)


def train(directory: Path, progress: Progress, required: Mapping[str, Artifact] | None = None) -> dict[str, Any]:
    started = time.process_time()
    data = search.splits(RECIPE["split_seed"])
    darts = search.darts(data, **RECIPE["darts"], progress=lambda f, m="": progress(0.4 * f, m))
    randomly = search.random_search(
        data, **RECIPE["random_search"], progress=lambda f, m="": progress(0.4 + 0.3 * f, m)
    )
    progress(0.7, "retraining the found cells")
    retrain = RECIPE["retrain"]
    darts["test_accuracy"] = retrained_accuracy(darts["genotype"], data, retrain)
    randomly["test_accuracy"] = retrained_accuracy(randomly["genotype"], data, retrain)
    single_seed = {**retrain, "seeds": retrain["seeds"][:1]}
    for tried in randomly["evaluated"]:  # what "a random cell" scores, for comparison
        tried["test_accuracy"] = retrained_accuracy(tried["genotype"], data, single_seed)
    results = {"darts": darts, "random_search": randomly, "search_space_size": search_space_size()}
    (directory / _RESULTS).write_text(json.dumps(results))
    metrics = {
        "darts_accuracy": round(darts["test_accuracy"], 4),
        "random_search_accuracy": round(randomly["test_accuracy"], 4),
        "random_cell_mean_accuracy": round(statistics.fmean(t["test_accuracy"] for t in randomly["evaluated"]), 4),
        "darts_search_seconds": round(darts["search_seconds"], 2),
        "random_search_seconds": round(randomly["search_seconds"], 2),
        "darts_genotype": darts["genotype"],
        "random_search_genotype": randomly["genotype"],
        "train_cpu_seconds": round(time.process_time() - started, 2),
    }
    progress(1.0, f"DARTS {metrics['darts_accuracy']:.3f}, random search {metrics['random_search_accuracy']:.3f}")
    return {"metrics": metrics, "seed": RECIPE["darts"]["seed"], "data": {"recipe": RECIPE["data"]}}


def gate(metadata: dict[str, Any]) -> str | None:
    accuracy = metadata.get("metrics", {}).get("darts_accuracy", 0.0)
    if accuracy < 0.9:
        return f"the DARTS cell's test accuracy {accuracy:.3f} is below 0.9"
    return None


def load(directory: Path) -> dict[str, Any]:
    return json.loads((directory / _RESULTS).read_text())


SPEC = TrainSpec(name="nas", demo="nas", recipe=RECIPE, train=train, load=load, gate=gate, expected_seconds=15.0)
TRAIN_SPECS: list[TrainSpec] = [SPEC]
