"""Instructor tools: item analysis of a quiz with 1,000 finished attempts × 30 questions
(target ≤ 1 s, from the database to the report) and the pure statistics alone; importing a
GIFT file of 1,000 questions of every GIFT type (target ≤ 5 s, file to database).

    .venv/bin/python -m bench.instructor

Runs on a throw-away SQLite database in a temporary directory.
"""

from __future__ import annotations

import os
import random
import statistics as stats
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ATTEMPTS = 1000
QUESTIONS = 30
REPEATS = 5
TARGET_STATS_SECONDS = 1.0
GIFT_QUESTIONS = 1000
TARGET_IMPORT_SECONDS = 5.0


def median_seconds(fn, repeats=REPEATS) -> float:
    """Median CPU seconds of this process: on a machine shared with other jobs, wall time
    measures the neighbours (SQLite runs in-process, so CPU time covers the queries too)."""
    times = []
    for _ in range(repeats):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return stats.median(times)


def seed_attempts():
    from django.contrib.auth import get_user_model

    from apps.questions.models import Attempt, Choice, Question, Quiz, QuizSlot, Response, Topic
    from apps.questions.snapshots import snapshot_question

    rng = random.Random(0)
    topic = Topic.objects.create(slug="bench", name_ko="벤치", name_en="Bench")
    quiz = Quiz.objects.create(key="bench", title_ko="벤치", title_en="Bench")
    questions = []
    for i in range(QUESTIONS):
        q = Question.objects.create(key=f"b-{i}", topic=topic, type="single", stem_ko=f"질문 {i}", status="published")
        Choice.objects.bulk_create(
            Choice(question=q, text_ko=f"보기 {j}", is_correct=j == 0, position=j) for j in range(4)
        )
        QuizSlot.objects.create(quiz=quiz, question=q, position=i)
        questions.append(q)
    snapshots = [snapshot_question(q) for q in Question.objects.prefetch_related("choices").select_related("topic")]
    users = get_user_model().objects.bulk_create(get_user_model()(username=f"s{i}") for i in range(ATTEMPTS))
    now = datetime(2026, 12, 1, tzinfo=UTC)
    attempts = Attempt.objects.bulk_create(
        Attempt(
            user=u,
            quiz=quiz,
            number=1,
            seed=0,
            state="finished",
            started_at=now,
            finished_at=now,
            expiry="autosubmit",
            mode="exam",
            max_score=QUESTIONS,
        )
        for u in users
    )
    responses = []
    for attempt in attempts:
        ability = rng.random()
        for position, snapshot in enumerate(snapshots, 1):
            ids = [c["id"] for c in snapshot["choices"]]
            right = rng.random() < 0.25 + 0.7 * ability
            answer = snapshot["key_data"]["correct"][0] if right else rng.choice([*ids[1:], None])
            responses.append(
                Response(
                    attempt=attempt,
                    position=position,
                    question_id=snapshot["question_id"],
                    snapshot=snapshot,
                    answer=answer,
                    score=1.0 if right else 0.0,
                )
            )
    Response.objects.bulk_create(responses, batch_size=2000)
    return quiz


def bench_statistics() -> list[list[str]]:
    from apps.questions import item_analysis, statistics
    from apps.questions.statistics import Cell

    quiz = seed_attempts()
    report_seconds = median_seconds(lambda: item_analysis.build(quiz, "first"))
    rng = random.Random(1)
    cells = [Cell(a, p, f"q{p}", 1, float(rng.random() < 0.6)) for a in range(ATTEMPTS) for p in range(QUESTIONS)]
    pure_seconds = median_seconds(lambda: statistics.quiz_statistics(cells))
    label = f"{ATTEMPTS} attempts × {QUESTIONS} questions"
    return [
        [f"item analysis report, {label} (DB → report)", f"{report_seconds:.3f}", f"{TARGET_STATS_SECONDS:.1f}",
         "ok" if report_seconds <= TARGET_STATS_SECONDS else "SLOW"],
        [f"statistics.quiz_statistics alone, {label}", f"{pure_seconds:.3f}", "", ""],
    ]  # fmt: skip


def gift_file(n: int) -> bytes:
    templates = [
        "::q{i}::[markdown]질문 {i}\\: **GAP** 뒤에 오는 것은?{{\n=FC#맞음\n~Flatten#아님\n~%50%Dropout\n####설명 {i}\n}}",
        "::q{i}::Which are optimisers ({i})?{{~%50%Adam ~%50%SGD ~%-100%ReLU#activation}}",
        "::q{i}::The sigmoid of 0 is 0.5 ({i}).{{TRUE#wrong#right}}",
        "::q{i}::Who wrote the GAN paper ({i})?{{=Goodfellow =Ian Goodfellow}}",
        "::q{i}::A number from 1 to 5 ({i})?{{#1..5}}",
    ]
    lines = ["$CATEGORY: $course$/top/bench/gift", ""]
    lines += [templates[i % len(templates)].format(i=i) + "\n" for i in range(n)]
    return "\n".join(lines).encode()


def bench_import() -> list[list[str]]:
    from apps.questions.interchange import importer
    from apps.questions.models import Question, Topic

    data = gift_file(GIFT_QUESTIONS)
    parse_seconds = median_seconds(lambda: importer.read_items(data, "gift"))

    def run():
        Question.objects.filter(topic__slug="bench/gift").delete()
        Topic.objects.filter(slug="bench/gift").delete()
        start = time.process_time()
        plan = importer.plan(importer.read_items(data, "gift"), fmt="gift")
        importer.apply(plan)
        assert len(plan.questions) == GIFT_QUESTIONS, plan.skipped[:3]
        return time.process_time() - start

    import_seconds = stats.median(run() for _ in range(3))
    return [
        [f"import {GIFT_QUESTIONS} GIFT questions (file → database)", f"{import_seconds:.3f}",
         f"{TARGET_IMPORT_SECONDS:.1f}", "ok" if import_seconds <= TARGET_IMPORT_SECONDS else "SLOW"],
        [f"parse {GIFT_QUESTIONS} GIFT questions alone", f"{parse_seconds:.3f}", "", ""],
    ]  # fmt: skip


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="bench-instructor-") as tmp:
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quizsite.settings")
        os.environ.setdefault("SECRET_KEY", "bench-only")
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        from bench._table import table

        rows = bench_statistics() + bench_import()
        print(table(["what", "median CPU s", "target s", ""], rows))
        return 0 if all(r[3] != "SLOW" for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
