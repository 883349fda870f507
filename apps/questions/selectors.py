"""Reads for the pages: what to list and how many."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from apps.questions.models import Question, Quiz, Topic


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
    return list(Quiz.objects.prefetch_related("slots").order_by("position", "key"))
