"""Train what is missing: used by ``train_demos`` and by tests that need a real model.

No Django imports; the data directory is passed in or read from ``QUIZLAB_DATA_DIR``.
"""

from __future__ import annotations

import fcntl
import os
import time
from contextlib import contextmanager
from pathlib import Path

from apps.demos.engines.registry import Artifact, Registry
from apps.demos.engines.spec import TrainSpec
from apps.demos.progress import ProgressBoard, TrainingStatus


def default_data_dir() -> Path:
    return Path(os.environ.get("QUIZLAB_DATA_DIR") or Path(__file__).resolve().parents[2] / "var")


def registry_for(data_dir: Path | None = None) -> Registry:
    return Registry((data_dir or default_data_dir()) / "models")


def board_for(data_dir: Path | None = None) -> ProgressBoard:
    return ProgressBoard((data_dir or default_data_dir()) / "training")


def up_to_date(spec: TrainSpec, registry: Registry) -> Artifact | None:
    """The promoted artifact if it was trained from ``spec``'s current recipe."""
    current = registry.current(spec.name)
    if current and current.metadata.get("recipe_hash") == spec.recipe_hash:
        return current
    return None


@contextmanager
def _exclusive(data_dir: Path, name: str):
    """One trainer per artifact across processes (``make run``'s background job, tests...)."""
    lock_dir = data_dir / "training"
    lock_dir.mkdir(parents=True, exist_ok=True)
    with open(lock_dir / f"{name}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure_trained(spec: TrainSpec, *, data_dir: Path | None = None, echo=print, force: bool = False) -> Artifact:
    """Return the promoted artifact for ``spec``, training it first if missing or stale."""
    data_dir = data_dir or default_data_dir()
    registry = registry_for(data_dir)
    if not force and (artifact := up_to_date(spec, registry)):
        return artifact
    # What the spec builds on, trained first in the same data directory (never forced again).
    required = {need.name: ensure_trained(need, data_dir=data_dir, echo=echo) for need in spec.requires}
    with _exclusive(data_dir, spec.name):
        # Another process may have trained it while we waited for the lock.
        if not force and (artifact := up_to_date(spec, registry)):
            return artifact
        return _train(spec, required, registry, board_for(data_dir), echo)


def _train(spec: TrainSpec, required: dict[str, Artifact], registry: Registry, board: ProgressBoard, echo) -> Artifact:
    started = time.time()
    progress = board.tracker(spec.name, echo=echo)
    progress(0.0, "starting")

    def write(directory: Path) -> dict:
        produced = spec.train(directory, progress, required)
        return {**produced, "train_seconds": round(time.time() - started, 2)}

    try:
        artifact = registry.save(
            spec.name,
            write,
            {"demo": spec.demo, "recipe": spec.recipe, "recipe_hash": spec.recipe_hash},
            gate=spec.gate,
        )
    except Exception as exc:
        board.write(TrainingStatus(spec.name, "failed", 0.0, str(exc), started, time.time()))
        raise
    board.write(TrainingStatus(spec.name, "done", 1.0, artifact.version, started, time.time()))
    return artifact
