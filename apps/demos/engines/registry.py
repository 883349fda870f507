"""Versioned model artifacts on disk: ``<root>/<name>/<version>/`` with ``metadata.json``.

No Django imports: engines, the MLOps simulation and management commands share it.
A version is written to a temporary directory and renamed into place, so a reader
never sees a half-written artifact; ``CURRENT`` names the promoted version and is
replaced atomically. ``history.jsonl`` records every promotion decision.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import re
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Any

_VERSION_RE = re.compile(r"^v(\d+)$")
_TRACKED_LIBRARIES = ("torch", "scikit-learn", "numpy", "scipy")


@dataclass(frozen=True)
class Artifact:
    name: str
    version: str
    path: Path
    metadata: dict[str, Any]


class GateRejected(Exception):
    """A freshly trained artifact failed its validation gate and was not promoted."""

    def __init__(self, artifact: Artifact, reason: str):
        super().__init__(f"{artifact.name} {artifact.version} not promoted: {reason}")
        self.artifact = artifact
        self.reason = reason


def library_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for lib in _TRACKED_LIBRARIES:
        with contextlib.suppress(importlib_metadata.PackageNotFoundError):
            versions[lib] = importlib_metadata.version(lib)
    return versions


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Registry:
    def __init__(self, root: Path | str):
        self.root = Path(root)
        self._lock = threading.Lock()

    # -- reads -------------------------------------------------------------
    def versions(self, name: str) -> list[Artifact]:
        base = self.root / name
        if not base.is_dir():
            return []
        found = []
        for child in base.iterdir():
            match = _VERSION_RE.match(child.name)
            if match and (child / "metadata.json").is_file():
                found.append((int(match.group(1)), child))
        return [self._read(name, path) for _, path in sorted(found)]

    def current(self, name: str) -> Artifact | None:
        pointer = self.root / name / "CURRENT"
        try:
            version = pointer.read_text().strip()
        except FileNotFoundError:
            return None
        path = self.root / name / version
        if not (path / "metadata.json").is_file():
            return None
        return self._read(name, path)

    def history(self, name: str) -> list[dict[str, Any]]:
        log = self.root / name / "history.jsonl"
        if not log.is_file():
            return []
        return [json.loads(line) for line in log.read_text().splitlines() if line.strip()]

    # -- writes ------------------------------------------------------------
    def save(
        self,
        name: str,
        write: Callable[[Path], dict[str, Any] | None],
        metadata: dict[str, Any] | None = None,
        *,
        gate: Callable[[dict[str, Any]], str | None] | None = None,
    ) -> Artifact:
        """Write a new version with ``write(directory)``; promote it if ``gate`` passes.

        The metadata stored is ``metadata`` updated with whatever ``write`` returns.

        ``gate(metadata)`` returns ``None`` to accept or a reason to reject. A rejected
        version stays on disk (for inspection) but ``CURRENT`` is unchanged and
        :class:`GateRejected` is raised.
        """
        base = self.root / name
        base.mkdir(parents=True, exist_ok=True)
        with self._lock:
            staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=base))
            try:
                produced = write(staging) or {}
                version = self._next_version(base)
                full_meta = {
                    "name": name,
                    "version": version,
                    "created_at": _now(),
                    "libraries": library_versions(),
                    **(metadata or {}),
                    **produced,
                }
                (staging / "metadata.json").write_text(
                    json.dumps(full_meta, indent=2, sort_keys=True, ensure_ascii=False)
                )
                final = base / version
                os.rename(staging, final)
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
        artifact = Artifact(name, version, final, full_meta)
        reason = gate(full_meta) if gate else None
        if reason:
            self._log(name, {"version": version, "promoted": False, "reason": reason})
            raise GateRejected(artifact, reason)
        self.promote(name, version, reason="passed validation gate")
        return artifact

    def promote(self, name: str, version: str, *, reason: str) -> None:
        base = self.root / name
        if not (base / version / "metadata.json").is_file():
            raise FileNotFoundError(f"{name} has no version {version}")
        tmp = base / f".CURRENT.{os.getpid()}.{threading.get_ident()}"
        tmp.write_text(version + "\n")
        os.replace(tmp, base / "CURRENT")
        self._log(name, {"version": version, "promoted": True, "reason": reason})

    # -- internals ---------------------------------------------------------
    def _next_version(self, base: Path) -> str:
        numbers = [int(m.group(1)) for c in base.iterdir() if (m := _VERSION_RE.match(c.name))]
        return f"v{max(numbers, default=0) + 1}"

    def _log(self, name: str, entry: dict[str, Any]) -> None:
        with open(self.root / name / "history.jsonl", "a", encoding="utf-8") as log:
            log.write(json.dumps({"at": _now(), **entry}, ensure_ascii=False) + "\n")

    @staticmethod
    def _read(name: str, path: Path) -> Artifact:
        meta = json.loads((path / "metadata.json").read_text())
        return Artifact(name, path.name, path, meta)
