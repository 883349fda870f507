"""The contract between a demo engine and ``train_demos`` / the model cache."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol


class Progress(Protocol):
    def __call__(self, fraction: float, message: str = "") -> None: ...


def no_progress(fraction: float, message: str = "") -> None:
    """Default progress sink for library code: silent."""


@dataclass(frozen=True)
class TrainSpec:
    """One trainable artifact.

    ``train(directory, progress)`` writes the artifact's files into ``directory`` and returns
    metadata (at least ``{"metrics": {...}}``); it must be deterministic given ``recipe``.
    ``gate(metadata)`` returns ``None`` when the artifact may be promoted, else the reason.
    ``load(directory)`` returns the in-memory model the demo uses.
    """

    name: str
    demo: str
    recipe: dict[str, Any]
    train: Callable[[Path, Progress], dict[str, Any]]
    load: Callable[[Path], Any]
    gate: Callable[[dict[str, Any]], str | None] = field(default=lambda meta: None)
    expected_seconds: float = 60.0

    @property
    def recipe_hash(self) -> str:
        blob = json.dumps(self.recipe, sort_keys=True, default=str).encode()
        return hashlib.sha256(blob).hexdigest()[:16]
