"""/study/ and /progress/ for a student with 5,000 graded responses, and what scheduling adds to
grading (issue 13's speed targets: pages ≤ 50 ms server time with queries constant in the number
of responses; scheduling ≤ 2 ms on a check or on a 30-question submit).

    .venv/bin/python -m bench.study_pages      (also part of make bench; ~1 min)

In one process over a temp SQLite file (the real bank, DEBUG off): the student sits the 30-question
mock exam every 12 hours, answering ~70 % right, until 5,000 responses are graded; each submit goes
through the attempt service, so every one schedules its 30 cards. Pages are fetched with Django's
test client (server work only: middleware, views, templates, queries; no network), 30 times each
after a warm-up; "CPU" is this process's CPU time per request. BENCH_RESPONSES=… changes the size.
"""

from __future__ import annotations

import os
import random
import secrets
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._table import table

RESPONSES = int(os.environ.get("BENCH_RESPONSES", "5000"))
RUNS = 30


def setup_django(tmp: Path) -> None:
    os.environ.update(
        QUIZLAB_DATA_DIR=str(tmp),
        DEBUG="0",
        HTTPS="0",
        SECRET_KEY=secrets.token_urlsafe(40),
        ALLOWED_HOSTS="testserver",
    )
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quizsite.settings")
    import django
    from django.conf import settings

    django.setup()
    # No collectstatic here: plain static URLs instead of the hashed manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def right_answer(snapshot: dict):
    """The key's answer as stored (choices by id)."""
    key = snapshot["key_data"]
    return {
        "single": lambda: key["correct"][0],
        "multi": lambda: key["correct"],
        "ordering": lambda: key["order"],
        "true_false": lambda: key["value"],
        "short": lambda: key["accepted"][0],
        "numeric": lambda: str(key["value"]),
    }[snapshot["type"]]()


class Timer:
    """Wraps recording.record_graded to time each call (what scheduling adds to a grading)."""

    def __init__(self, module):
        self.module, self.original, self.calls, self.cpu = module, module.record_graded, [], []

    def __enter__(self):
        def timed(**kwargs):
            t, c = time.perf_counter(), time.process_time()
            try:
                return self.original(**kwargs)
            finally:
                self.calls.append(time.perf_counter() - t)
                self.cpu.append(time.process_time() - c)

        self.module.record_graded = timed
        return self

    def __exit__(self, *exc):
        self.module.record_graded = self.original


def sit_exams(user, quiz, count: int, start, rng: random.Random) -> tuple[list[float], list[float], list[float]]:
    from apps.questions import services
    from apps.questions.models import Response
    from apps.questions.study import recording

    submits = []
    with Timer(recording) as timer:
        for i in range(count):
            now = start + timedelta(hours=12 * i)
            attempt = services.start_attempt(user=user, quiz=quiz, now=now)
            responses = list(attempt.responses.all())
            for r in responses:
                r.answer = right_answer(r.snapshot) if rng.random() < 0.7 else None
            Response.objects.bulk_update(responses, ["answer"])
            t = time.perf_counter()
            services.submit(attempt, now=now + timedelta(minutes=30))
            submits.append(time.perf_counter() - t)
    return submits, timer.calls, timer.cpu


def time_page(client, url: str) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        assert client.get(url).status_code == 200
    walls, cpus = [], []
    for _ in range(RUNS):
        w, c = time.perf_counter(), time.process_time()
        client.get(url)
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return statistics.median(walls) * 1000, statistics.median(cpus) * 1000, len(ctx.captured_queries)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="quizlab-study-bench-") as tmp:
        setup_django(Path(tmp))
        import io

        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.test import Client
        from django.utils import timezone

        from apps.questions import services
        from apps.questions.kinds import kind
        from apps.questions.models import Quiz, ReviewLog
        from apps.questions.study import recording
        from apps.questions.study import services as study_services
        from apps.questions.tokens import attempt_tokens

        call_command("migrate", verbosity=0)
        call_command("load_bank", stdout=io.StringIO())
        quiz = Quiz.objects.get(key="mock-exam-1")
        user = get_user_model().objects.create_user("bench-student", password=secrets.token_urlsafe(12))
        client = Client()
        client.force_login(user)
        rng = random.Random(13)
        exams = max(RESPONSES // 30, 2)
        start = timezone.now() - timedelta(hours=12 * exams + 1)
        small = max(exams // 10, 1)
        t = time.perf_counter()
        first_submits, first_records, first_cpu = sit_exams(user, quiz, small, start, rng)
        rows = []
        for url in ("/study/", "/progress/"):
            rows.append([url, str(ReviewLog.objects.filter(user=user).count()), *_fmt(time_page(client, url))])
        submits, records, records_cpu = sit_exams(user, quiz, exams - small, start + timedelta(hours=12 * small), rng)
        print(f"{exams} mock exams ({exams * 30} responses) graded in {time.perf_counter() - t:.0f} s\n")
        for url in ("/study/", "/progress/"):
            rows.append([url, str(ReviewLog.objects.filter(user=user).count()), *_fmt(time_page(client, url))])
        rows.append(["/en/progress/", rows[-1][1], *_fmt(time_page(client, "/en/progress/"))])
        print("Pages (server time through Django's test client; queries must not grow with responses)")
        print(table(["page", "graded responses", "median ms", "CPU ms", "queries"], rows), "\n")

        # Practice checks: a drill, each answer checked one by one (one card scheduled per check).
        now = timezone.now()
        drill = study_services.start_drill(user=user, now=now)
        checks = []
        with Timer(recording) as timer:
            for r in drill.responses.all():
                sent = kind(r.snapshot["type"]).page_answer(
                    right_answer(r.snapshot), attempt_tokens(drill.pk, r.snapshot).encode
                )  # as the page sends it: choices by their per-attempt tokens
                services.save_answer(user=user, attempt_id=drill.pk, position=r.position, answer=sent, seq=1, now=now)
                services.check_response(attempt=drill, position=r.position, now=now)
            checks, checks_cpu = timer.calls, timer.cpu
        half = len(submits) // 2
        print("What scheduling adds to grading (recording.record_graded: medians; target ≤ 2 ms per card)")
        print(
            table(
                ["grading", "n", "whole call ms", "scheduling ms", "scheduling CPU ms", "CPU ms per card", "≤ 2 ms"],
                [
                    _grading_row("submit of 30 (first exams)", 30, first_submits, first_records, first_cpu),
                    _grading_row("submit of 30 (cards exist)", 30, submits[half:], records[half:], records_cpu[half:]),
                    _grading_row("practice check of 1", 1, checks, checks, checks_cpu),
                ],
            )
        )
    return 0


def _fmt(measured: tuple[float, float, int]) -> list[str]:
    wall, cpu, queries = measured
    return [f"{wall:.1f}", f"{cpu:.1f}", str(queries)]


def _grading_row(label: str, cards: int, whole: list[float], wall: list[float], cpu: list[float]) -> list[str]:
    per_card = statistics.median(cpu) * 1000 / cards
    return [
        label,
        str(len(wall)),
        f"{statistics.median(whole) * 1000:.1f}",
        f"{statistics.median(wall) * 1000:.2f}",
        f"{statistics.median(cpu) * 1000:.2f}",
        f"{per_card:.2f}",
        "yes" if per_card <= 2 else "NO",
    ]


if __name__ == "__main__":
    sys.exit(main())
