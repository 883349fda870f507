"""Autosave latency with and without a concurrent flood of uncached demo requests.

Students (as in bench/exam_day.py: real logins, one attempt each) save an answer every second while
flood threads ask /demos/mlops/ for new seeds (each one seconds of CPU, never cached) from many
addresses (X-Forwarded-For behind one trusted proxy, so the per-address rate limit does not stop
them). Three runs on `make serve`'s gunicorn, SQLite: no flood; flood with the per-process demo cap
(QUIZLAB_DEMO_CONCURRENCY=1, the default); flood without it (the site before quizsite.limits).

Knobs: BENCH_FLOOD_STUDENTS=20, BENCH_FLOOD_THREADS=8, BENCH_FLOOD_SECONDS=20, BENCH_WORKERS /
BENCH_THREADS (exam_day's defaults). Its data lives in a temp dir, removed at the end.
"""

from __future__ import annotations

import contextlib
import http.client
import math
import os
import random
import secrets
import shutil
import sys
import tempfile
import threading
from collections import Counter
from pathlib import Path

from bench import exam_day
from bench._table import table
from bench.exam_day import HOST, Gunicorn, Run, Student, env_int

RUNS = [  # (label, QUIZLAB_DEMO_CONCURRENCY, flood)
    ("no flood", "1", False),
    ("flood, demo cap 1/process", "1", True),
    ("flood, no demo cap (before)", "1000", True),
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1)] if ordered else float("nan")


class Flood:
    """Threads asking for uncached MLOps simulations until stopped; counts answers by status."""

    def __init__(self, port: int, threads: int):
        self.port, self.stop = port, threading.Event()
        self.statuses: Counter[str] = Counter()
        self.threads = [threading.Thread(target=self.loop, args=(i,), daemon=True) for i in range(threads)]

    def loop(self, index: int) -> None:
        rng = random.Random(index)
        conn = None
        while not self.stop.is_set():
            address = f"198.18.{rng.randrange(256)}.{rng.randrange(1, 255)}"
            try:
                conn = conn or http.client.HTTPConnection(HOST, self.port, timeout=120)
                conn.request("GET", f"/demos/mlops/?seed={rng.randrange(2**31)}", headers={"X-Forwarded-For": address})
                response = conn.getresponse()
                response.read()
                self.statuses[str(response.status)] += 1
            except (OSError, http.client.HTTPException):
                self.statuses["error"] += 1
                if conn is not None:
                    conn.close()
                conn = None

    def __enter__(self):
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for t in self.threads:
            t.join(180)


def measure(data_dir: Path, first_student: int, students: int, flood_threads: int, seconds: int) -> dict:
    server = Gunicorn(data_dir, env_int("BENCH_WORKERS", exam_day.DEFAULT_WORKERS), env_int("BENCH_THREADS", 2))
    server.start()
    try:
        run = Run(server.port, 0, server)
        run.students = [Student(run, i) for i in range(first_student, first_student + students)]
        run.pace, run.paced_count = 1.0, seconds
        run.warm_up()
        run.phase("login", Student.log_in)
        run.phase("start", Student.start)
        run.plan_saves()  # reads the drawn questions, so each save sends a valid answer
        flood = Flood(server.port, flood_threads)
        with flood if flood_threads else contextlib.nullcontext():
            run.phase("save (paced)", Student.save_paced)
        for s in run.students:
            s.close()
    finally:
        server.stop()
    saves = [s for s in run.samples if s.endpoint == "save (paced)"]
    times = [s.seconds * 1000 for s in saves]
    return {
        "saves": len(saves),
        "failed": sum(not s.ok for s in saves),
        "p50": percentile(times, 0.50),
        "p95": percentile(times, 0.95),
        "p99": percentile(times, 0.99),
        "flood": dict(flood.statuses) if flood_threads else {},
        "errors": run.errors[:3],
    }


def main() -> int:
    students = env_int("BENCH_FLOOD_STUDENTS", 20)
    flood_threads = env_int("BENCH_FLOOD_THREADS", 8)
    seconds = env_int("BENCH_FLOOD_SECONDS", 20)
    tmp = Path(tempfile.mkdtemp(prefix="quizlab-bench-flood-"))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="quizsite.settings",
        DEBUG="0",
        HTTPS="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=f"{HOST},localhost",
        QUIZLAB_DATA_DIR=str(tmp),
        QUIZLAB_PROXY_COUNT="1",
    )
    for name in ("REDIS_URL", "DATABASE_URL"):
        os.environ.pop(name, None)
    try:
        import django

        django.setup()
        exam_day.prepare(students * len(RUNS))  # a fresh set of students per run: one attempt each
        rows, ok = [], True
        for n, (label, cap, flood) in enumerate(RUNS):
            os.environ["QUIZLAB_DEMO_CONCURRENCY"] = cap
            print(f"[{label}]", flush=True)
            r = measure(tmp, n * students, students, flood_threads if flood else 0, seconds)
            ok &= r["failed"] == 0
            statuses = ", ".join(f"{k}: {v}" for k, v in sorted(r["flood"].items())) or "-"
            rows.append(
                [label, str(r["saves"]), str(r["failed"]), *(f"{r[q]:.0f}" for q in ("p50", "p95", "p99")), statuses]
            )
            for error in r["errors"]:
                print(f"  {error}", flush=True)
        print()
        print(f"Autosave latency (ms), {students} students saving every second for {seconds} s, SQLite;")
        print(f"flood: {flood_threads} threads asking /demos/mlops/ for new seeds from many addresses")
        print(table(["run", "saves", "failed", "p50", "p95", "p99", "flood answers by status"], rows))
        return 0 if ok else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
