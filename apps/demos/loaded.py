"""Each process loads a demo model once, on first use, and keeps it (read-only) for every request.

Keyed by artifact name and version: when ``train_demos`` promotes a new version, the next request
loads it. Loading happens under a lock so two first requests do not load twice.
"""

from __future__ import annotations

import threading
from typing import Any

from django.conf import settings

from apps.demos.catalog import train_specs
from apps.demos.training import board_for, registry_for

_lock = threading.Lock()
_cache: dict[str, tuple[str, Any]] = {}


class ModelNotReady(Exception):
    """The artifact is not trained yet (``train_demos`` may be running)."""

    def __init__(self, name: str, status):
        self.name = name
        self.status = status
        super().__init__(f"{name} is not trained yet")


def get(name: str) -> Any:
    return get_versioned(name)[1]


def get_versioned(name: str) -> tuple[str, Any]:
    """``(version, model)``: the version the returned model was loaded from, for responses to report."""
    artifact = registry_for(settings.DATA_DIR).current(name)
    if artifact is None:
        raise ModelNotReady(name, board_for(settings.DATA_DIR).read(name))
    cached = _cache.get(name)
    if cached and cached[0] == artifact.version:
        return cached
    with _lock:
        cached = _cache.get(name)
        if cached and cached[0] == artifact.version:
            return cached
        spec = next(s for s in train_specs() if s.name == name)
        _cache[name] = (artifact.version, spec.load(artifact.path))
        return _cache[name]
