"""The ``rnn`` artifact: accuracy and gradient profiles of a vanilla RNN, an LSTM and a GRU trained
on "remember the first token" at every length the page offers (seconds of training, so stored)."""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from apps.demos.engines.registry import Artifact
from apps.demos.engines.rnn.names import CELL_NAMES, LENGTHS
from apps.demos.engines.spec import Progress, TrainSpec

_RUNS = "runs.json"

RECIPE: dict[str, Any] = {
    "task": "remember the first token among noise",
    "symbols": 8,
    "noise": 8,
    "hidden": 32,
    "lengths": list(LENGTHS),
    "steps": 1200,
    "batch": 32,
    "lr": 0.01,
    "optimizer": "Adam",
    "clip": 1.0,
    "forget_bias": 3.0,  # LSTM forget gate starts near sigmoid(3) = 0.95: remember by default
    "test_size": 512,
    "seed": 0,
}


def train(directory: Path, progress: Progress, required: Mapping[str, Artifact] | None = None) -> dict[str, Any]:
    from apps.demos.engines.rnn import recurrent  # torch, only when training

    started = time.process_time()
    jobs = [(cell, length) for length in LENGTHS for cell in CELL_NAMES]
    runs = []
    for done, (cell, length) in enumerate(jobs):
        progress(done / len(jobs), f"{cell} at length {length}")
        runs.append(recurrent.learn(cell, length, RECIPE))
    (directory / _RUNS).write_text(json.dumps(runs))
    longest = {r["cell"]: r["accuracy"] for r in runs if r["length"] == LENGTHS[-1]}
    progress(1.0, f"length {LENGTHS[-1]}: " + ", ".join(f"{c} {a:.0%}" for c, a in longest.items()))
    return {
        "metrics": {
            **{f"{r['cell']}@{r['length']}": round(r["accuracy"], 4) for r in runs},
            "train_cpu_seconds": round(time.process_time() - started, 2),
        },
        "seed": RECIPE["seed"],
        "data": {"recipe": "generated sequences"},
    }


def gate(metadata: dict[str, Any]) -> str | None:
    metrics = metadata.get("metrics", {})
    if metrics.get(f"lstm@{LENGTHS[0]}", 0.0) < 0.9:
        return "the LSTM did not learn even the shortest sequences"
    return None


def load(directory: Path) -> list[dict[str, Any]]:
    return json.loads((directory / _RUNS).read_text())


SPEC = TrainSpec(name="rnn", demo="rnn", recipe=RECIPE, train=train, load=load, gate=gate, expected_seconds=60.0)
TRAIN_SPECS: list[TrainSpec] = [SPEC]
