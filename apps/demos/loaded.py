"""Each process loads a demo model once, on first use, and keeps it (read-only) for every request.

Keyed by artifact name and version: when ``train_demos`` promotes a new version, the next request
loads it. Loading happens under a lock so two first requests do not load twice.
"""

from __future__ import annotations

import os
import sys
import threading
from typing import Any

from django.conf import settings

from apps.demos.engines.registry import Artifact
from apps.demos.manifest import spec_for
from apps.demos.progress import TrainingStatus
from apps.demos.training import board_for, registry_for

_lock = threading.Lock()
_cache: dict[str, tuple[str, Any]] = {}
_torch_threads_set = False


class ModelNotReady(Exception):
    """The artifact is not trained yet (``train_demos`` may be running)."""

    def __init__(self, name: str, status):
        self.name = name
        self.status = status
        super().__init__(f"{name} is not trained yet")


StatusLine = tuple[str, Artifact | None, TrainingStatus | None]  # what _not_ready.html shows per model


def statuses(names: tuple[str, ...]) -> list[StatusLine]:
    """Each artifact's promoted version (None while it is not trained) and its training progress."""
    registry, board = registry_for(settings.DATA_DIR), board_for(settings.DATA_DIR)
    return [(name, registry.current(name), board.read(name)) for name in names]


def not_ready(names: tuple[str, ...]) -> list[StatusLine] | None:
    """The status lines of ``names`` when any of them is not trained yet, else None: the one
    check behind the demos index and every page's "still training" card."""
    lines = statuses(names)
    return lines if any(current is None for _, current, _ in lines) else None


def artifact(name: str) -> Artifact:
    """The promoted artifact (its metadata holds what it scored when it was trained)."""
    current = registry_for(settings.DATA_DIR).current(name)
    if current is None:
        raise ModelNotReady(name, board_for(settings.DATA_DIR).read(name))
    return current


def get(name: str) -> Any:
    return get_versioned(name)[1]


def get_versioned(name: str) -> tuple[str, Any]:
    """``(version, model)``: the version the returned model was loaded from, for responses to report."""
    artifact_ = artifact(name)
    cached = _cache.get(name)
    if cached and cached[0] == artifact_.version:
        return cached
    with _lock:
        cached = _cache.get(name)
        if cached and cached[0] == artifact_.version:
            return cached
        spec = spec_for(name)
        _cache[name] = (artifact_.version, spec.load(artifact_.path))
        _limit_torch_threads()
        return _cache[name]


def _limit_torch_threads() -> None:
    """Run torch single-threaded in the web process (QUIZLAB_TORCH_THREADS overrides), once.

    Requests already run in parallel across workers and threads; on a small shared box, torch's
    own intra-op threads only fight them for the cores (two threads were many times slower than
    one). Only when an engine has imported torch: the other engines must not pull it in.
    """
    global _torch_threads_set
    torch = sys.modules.get("torch")
    if torch is None or _torch_threads_set:
        return
    torch.set_num_threads(int(os.environ.get("QUIZLAB_TORCH_THREADS", "1")))
    _torch_threads_set = True
