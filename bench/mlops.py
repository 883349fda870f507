"""MLOps lab: wall and CPU time of a full 60-day simulation per level and scenario, and the
latency of ``predict`` on the digits-serving artifact.

    .venv/bin/python -m bench.mlops
    BENCH_MLOPS_REPEATS=3 .venv/bin/python -m bench.mlops   # median of 3 runs per cell

The serving artifact is trained into a temporary data directory, removed at the end.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

from apps.demos.engines.mlops import LEVELS, MAX_DAYS, SCENARIOS, predict, sample_inputs, simulate
from apps.demos.engines.mlops.serving import SERVING_SPEC
from apps.demos.training import ensure_trained
from bench._table import table

SEED = 0
PREDICT_CALLS = 1000


def time_simulations(repeats: int) -> list[list[str]]:
    simulate(1, "none", 3, SEED)  # imports and first-call caches out of the way
    rows = []
    for scenario in SCENARIOS:
        row = [scenario]
        for level in LEVELS:
            walls, cpus = [], []
            for _ in range(repeats):
                wall, cpu = time.perf_counter(), time.process_time()
                simulate(level, scenario, MAX_DAYS, SEED)
                walls.append(time.perf_counter() - wall)
                cpus.append(time.process_time() - cpu)
            row.append(f"{statistics.median(walls):.2f} / {statistics.median(cpus):.2f}")
        rows.append(row)
    return rows


def time_predict() -> list[list[str]]:
    with tempfile.TemporaryDirectory(prefix="bench-mlops-") as data_dir:
        artifact = ensure_trained(SERVING_SPEC, data_dir=Path(data_dir), echo=None)
        model = SERVING_SPEC.load(artifact.path)
        size = (artifact.path / "model.joblib").stat().st_size
        one = sample_inputs()[0]["pixels"]
        hundred = [s["pixels"] for s in sample_inputs()] * 10
        rows = []
        for label, pixels in (("1 digit", one), ("100 digits", hundred)):
            predict(model, pixels)
            latencies = []
            for _ in range(PREDICT_CALLS if label == "1 digit" else PREDICT_CALLS // 10):
                start = time.perf_counter()
                predict(model, pixels)
                latencies.append((time.perf_counter() - start) * 1000)
            latencies.sort()
            rows.append(
                [
                    label,
                    f"{statistics.median(latencies):.3f}",
                    f"{latencies[int(0.95 * len(latencies))]:.3f}",
                    str(len(latencies)),
                ]
            )
        meta = artifact.metadata
        print(
            f"digits-serving: held-out accuracy {meta['metrics']['accuracy']:.4f}, "
            f"trained in {meta['train_seconds']} s, artifact {size} bytes"
        )
        return rows


def main() -> None:
    repeats = int(os.environ.get("BENCH_MLOPS_REPEATS", "1"))
    load = os.getloadavg()[0]
    print(
        f"MLOps simulation, {MAX_DAYS} days, seed {SEED}: wall / CPU seconds "
        f"(median of {repeats}; load average {load:.1f} on {os.cpu_count()} CPUs)"
    )
    print(table(["scenario", *(f"level {level}" for level in LEVELS)], time_simulations(repeats)))
    print()
    print(table(["predict", "p50 ms", "p95 ms", "calls"], time_predict()))


if __name__ == "__main__":
    main()
