"""The contract between a demo engine and ``train_demos`` / the model cache."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from apps.demos.engines.registry import Artifact


class Progress(Protocol):
    def __call__(self, fraction: float, message: str = "") -> None: ...


def no_progress(fraction: float, message: str = "") -> None:
    """Default progress sink for library code: silent."""


@dataclass(frozen=True)
class TrainSpec:
    """One trainable artifact.

    ``train(directory, progress, required)`` writes the artifact's files into ``directory`` and
    returns metadata (at least ``{"metrics": {...}}``); it must be deterministic given ``recipe``.
    ``required`` maps the name of each spec in ``requires`` to its promoted ``Artifact``: the
    trainer makes sure they are trained first, in the same data directory, so an engine never
    needs to know where that directory is.
    ``gate(metadata)`` returns ``None`` when the artifact may be promoted, else the reason.
    ``load(directory)`` returns the in-memory model the demo uses.
    """

    name: str
    demo: str
    recipe: dict[str, Any]
    train: Callable[[Path, Progress, Mapping[str, Artifact]], dict[str, Any]]
    load: Callable[[Path], Any]
    gate: Callable[[dict[str, Any]], str | None] = field(default=lambda meta: None)
    expected_seconds: float = 60.0
    requires: tuple[TrainSpec, ...] = ()

    @property
    def recipe_hash(self) -> str:
        blob = json.dumps(self.recipe, sort_keys=True, default=str).encode()
        return hashlib.sha256(blob).hexdigest()[:16]
