"""Training progress records, written by ``train_demos`` and read by the demo pages.

One small JSON file per artifact under ``<data dir>/training/``, replaced atomically,
so a page can say "training, 40%, about 30 s left" while the server already runs.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class TrainingStatus:
    name: str
    state: str  # queued | training | done | failed
    fraction: float = 0.0
    message: str = ""
    started_at: float | None = None
    updated_at: float | None = None

    @property
    def percent(self) -> int:
        return round(100 * self.fraction)

    @property
    def eta_seconds(self) -> float | None:
        """Linear extrapolation from elapsed time; None until there is something to go on."""
        if self.state != "training" or not self.started_at or self.fraction < 0.02:
            return None
        elapsed = (self.updated_at or time.time()) - self.started_at
        return max(0.0, elapsed * (1 - self.fraction) / self.fraction)


class ProgressBoard:
    def __init__(self, root: Path | str):
        self.root = Path(root)

    def _path(self, name: str) -> Path:
        return self.root / f"{name}.json"

    def write(self, status: TrainingStatus) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        tmp = self.root / f".{status.name}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps(asdict(status)))
        os.replace(tmp, self._path(status.name))

    def read(self, name: str) -> TrainingStatus | None:
        try:
            return TrainingStatus(**json.loads(self._path(name).read_text()))
        except (FileNotFoundError, json.JSONDecodeError, TypeError):
            return None

    def tracker(self, name: str, *, echo=print):
        """A ``Progress`` callable that records and prints progress for ``name``."""
        started = time.time()
        last_print = [-1.0]

        def progress(fraction: float, message: str = "") -> None:
            fraction = min(max(fraction, 0.0), 1.0)
            now = time.time()
            self.write(TrainingStatus(name, "training", fraction, message, started, now))
            if echo and (fraction - last_print[0] >= 0.1 or fraction >= 1.0):
                last_print[0] = fraction
                echo(f"  {name}: {round(100 * fraction):3d}% {message}")

        return progress
