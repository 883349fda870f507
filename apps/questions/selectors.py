"""Reads for the pages: what to list and how many."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from apps.questions.grading import aggregate
from apps.questions.models import Attempt, Question, Quiz, Topic


@dataclass(frozen=True)
class DomainSummary:
    domain: Topic
    topics: list[tuple[Topic, int]]  # (topic, published questions)
    total: int


def domain_summaries() -> list[DomainSummary]:
    published = Count("questions", filter=Q(questions__status=Question.Status.PUBLISHED))
    topics = list(Topic.objects.annotate(published=published).order_by("position", "slug"))
    domains = [t for t in topics if t.parent_id is None]
    return [
        DomainSummary(
            domain=d,
            topics=[(t, t.published) for t in topics if t.parent_id == d.id],
            total=d.published + sum(t.published for t in topics if t.parent_id == d.id),
        )
        for d in domains
    ]


def quiz_question_count(quiz: Quiz) -> int:
    return sum(1 if slot.question_id else slot.count for slot in quiz.slots.all())


def visible_quizzes() -> list[Quiz]:
    return list(Quiz.objects.filter(listed=True, published=True).prefetch_related("slots").order_by("position", "key"))


# --- attempts -------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuizStanding:
    """One student's standing on one quiz, for the quiz list."""

    attempts_used: int
    open_attempt_id: int | None
    grade_percent: float | None  # by the quiz's grading method


def quiz_standings(user, quizzes: list[Quiz]) -> dict[int, QuizStanding]:
    if not user.is_authenticated:
        return {}
    attempts = Attempt.objects.filter(user=user, quiz__in=quizzes).order_by("number")
    by_quiz: dict[int, list] = {}
    for attempt in attempts.only("id", "quiz_id", "state", "score", "max_score", "number"):
        by_quiz.setdefault(attempt.quiz_id, []).append(attempt)
    standings = {}
    now = timezone.now()
    for quiz in quizzes:
        mine = by_quiz.get(quiz.id, [])
        finished = [a.percent for a in mine if a.is_finished and a.percent is not None]
        open_ids = [a.id for a in mine if not a.is_finished]
        grade = aggregate(quiz.grading_method, finished) if quiz.marks_shown(now) else None
        standings[quiz.id] = QuizStanding(len(mine), open_ids[0] if open_ids else None, grade)
    return standings


def attempt_for(user, attempt_id: int):
    """The user's own attempt, or 404: other people's attempts do not exist for them."""
    return get_object_or_404(Attempt.objects.select_related("quiz"), pk=attempt_id, user=user)
