"""Paradigms, RL and AutoML labs: training time of their three artifacts (one thread), engine latency
of the default and heaviest requests, and the time of each page (htmx partial) through Django.

    .venv/bin/python -m bench.paradigms
    BENCH_PARADIGMS_CALLS=50 .venv/bin/python -m bench.paradigms   # calls per cell (default 20)

The artifacts are trained afresh into a temporary data directory, removed at the end. Targets
(issue 16): every page answers in ≤ 300 ms once its models exist; training all three ≤ 90 s.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

CALLS = int(os.environ.get("BENCH_PARADIGMS_CALLS", "20"))


def timed(run, calls: int = CALLS) -> tuple[float, float, float]:
    """Median and worst wall milliseconds and median CPU milliseconds of ``calls`` calls, after one warm-up."""
    run()
    spent, cpu = [], []
    for _ in range(calls):
        started, started_cpu = time.perf_counter(), time.process_time()
        run()
        spent.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return statistics.median(spent), max(spent), statistics.median(cpu)


def train_all(data_dir: Path) -> tuple[dict, list[list[str]]]:
    from apps.demos.engines import nas, qlearning, shots
    from apps.demos.training import ensure_trained

    loaded, rows = {}, []
    total_wall = total_cpu = 0.0
    for spec in (shots.SPEC, qlearning.SPEC, nas.SPEC):
        wall, cpu = time.perf_counter(), time.process_time()
        artifact = ensure_trained(spec, data_dir=data_dir, echo=None, force=True)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        total_wall, total_cpu = total_wall + wall, total_cpu + cpu
        loaded[spec.name] = spec.load(artifact.path)
        size = sum(f.stat().st_size for f in artifact.path.iterdir() if f.name != "metadata.json")
        rows.append([spec.name, f"{wall:.1f}", f"{cpu:.1f}", f"{size / 1024:.0f} KiB"])
    rows.append(["all three", f"{total_wall:.1f}", f"{total_cpu:.1f}", ""])
    return loaded, rows


def engine_rows(models: dict) -> list[list[str]]:
    from apps.demos.engines import nas, qlearning, shots

    cases = [
        ("shots: ZSL + k-shot (5 k x 50 draws) + GZSL sweep", lambda: shots.run(models["shots"])),
        ("qlearning: tabular 300 episodes + stored DQN", lambda: qlearning.run(models["qlearning-dqn"])),
        (
            "qlearning: tabular 1000 episodes, epsilon 1",
            lambda: qlearning.run(models["qlearning-dqn"], episodes=1000, epsilon=1.0),
        ),
        ("nas: stored searches, one edge", lambda: nas.run(models["nas"], edge=3)),
    ]
    rows = []
    for name, run in cases:
        median, worst, cpu = timed(run)
        rows.append([name, f"{median:.1f}", f"{worst:.1f}", f"{cpu:.1f}"])
    return rows


def page_rows() -> list[list[str]]:
    import django

    django.setup()
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()  # allows the test client's host; pages touch no database
    client = Client()
    pages = [
        ("/demos/shots/", "?calibration=10&seed=0"),
        ("/demos/qlearning/", "?episodes=300&replay=off&target=off"),
        ("/demos/qlearning/", "?episodes=1000&epsilon=1"),
        ("/demos/nas/", "?edge=3"),
    ]
    rows = []
    for path, query in pages:
        full = timed(lambda p=path, q=query: client.get(p + q))
        partial = timed(lambda p=path, q=query: client.get(p + q, headers={"hx-request": "true"}))
        status = client.get(path + query).status_code
        rows.append(
            [path + query, str(status), f"{full[0]:.1f}", f"{partial[0]:.1f}", f"{partial[1]:.1f}", f"{partial[2]:.1f}"]
        )
    return rows


def main() -> None:
    import torch

    torch.set_num_threads(1)
    with tempfile.TemporaryDirectory(prefix="bench-paradigms-") as data_dir:
        os.environ["QUIZLAB_DATA_DIR"] = data_dir
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quizsite.test_settings")
        models, training = train_all(Path(data_dir))
        print("Training, fresh, one thread (seconds)")
        print(table(["artifact", "wall s", "CPU s", "files"], training))
        print(f"\nEngine calls, {CALLS} per row after one warm-up (milliseconds)")
        print(table(["call", "p50 ms", "max ms", "CPU p50 ms"], engine_rows(models)))
        print(f"\nPages through Django's test client, {CALLS} per cell (milliseconds)")
        print(table(["page", "status", "full p50", "htmx p50", "htmx max", "htmx CPU p50"], page_rows()))


if __name__ == "__main__":
    from bench._table import table

    main()
