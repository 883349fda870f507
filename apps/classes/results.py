"""A class's results on one quiz: per student and per topic."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Avg, Count
from django.db.models.fields.json import KT

from apps.classes.models import ClassGroup
from apps.questions.grading import aggregate
from apps.questions.models import Attempt, Quiz, Response


@dataclass(frozen=True)
class StudentRow:
    username: str
    attempts: list[Attempt]
    grade: float | None  # percent, by the quiz's grading method over finished attempts

    @property
    def finished(self) -> list[Attempt]:
        return [a for a in self.attempts if a.is_finished]


@dataclass(frozen=True)
class TopicRow:
    slug: str
    average: float  # percent: mean mark over every finished attempt's responses in the topic
    responses: int


@dataclass(frozen=True)
class Results:
    students: list[StudentRow]
    topics: list[TopicRow]

    @property
    def class_average(self) -> float | None:
        grades = [s.grade for s in self.students if s.grade is not None]
        return sum(grades) / len(grades) if grades else None


def class_results(group: ClassGroup, quiz: Quiz) -> Results:
    students = list(group.students.order_by("username"))
    attempts = Attempt.objects.filter(quiz=quiz, user__in=students).order_by("number")
    by_user: dict[int, list[Attempt]] = defaultdict(list)
    for attempt in attempts:
        by_user[attempt.user_id].append(attempt)
    rows = [
        StudentRow(
            s.username,
            by_user[s.id],
            aggregate(
                quiz.grading_method, [a.percent for a in by_user[s.id] if a.is_finished and a.percent is not None]
            ),
        )
        for s in students
    ]
    topics = (
        Response.objects.filter(attempt__in=attempts.filter(state=Attempt.State.FINISHED), score__isnull=False)
        .values(slug=KT("snapshot__topic"))
        .annotate(average=Avg("score"), n=Count("id"))
        .order_by("slug")
    )
    return Results(rows, [TopicRow(t["slug"], 100 * t["average"], t["n"]) for t in topics])


def csv_rows(results: Results) -> list[list[str]]:
    rows = [["student", "attempts", "finished", "grade_percent"]]
    for s in results.students:
        grade = "" if s.grade is None else f"{s.grade:.1f}"
        rows.append([s.username, str(len(s.attempts)), str(len(s.finished)), grade])
    rows += [[], ["topic", "average_percent", "responses"]]
    rows += [[t.slug, f"{t.average:.1f}", str(t.responses)] for t in results.topics]
    return rows
