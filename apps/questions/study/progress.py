"""What /progress/ shows: mastery per domain and topic, mock-exam scores over time, reviews due
over the next 14 days, and readiness for the mock exam, each with the figures behind it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Q
from django.utils import timezone

from apps.questions.models import Attempt, Question, Quiz, Topic
from apps.questions.study import estimates
from apps.questions.study.mastery import topic_evidence
from apps.questions.study.selectors import due_by_day

SCORES_SHOWN = 30  # the most recent exam attempts on the chart: readable on a phone


@dataclass(frozen=True)
class MasteryRow:
    """A row of the mastery table (a domain, then its topics), in whole percents."""

    topic: Topic
    is_domain: bool
    mastery: estimates.Mastery
    percent: int
    low: int
    high: int


def mastery_rows(entries: list[tuple[Topic, bool, estimates.Mastery]]) -> list[MasteryRow]:
    bounds = estimates.intervals([m for _, _, m in entries])
    return [
        MasteryRow(topic, is_domain, m, round(100 * m.mean), round(100 * low), round(100 * high))
        for (topic, is_domain, m), (low, high) in zip(entries, bounds, strict=True)
    ]


@dataclass(frozen=True)
class BlueprintRow:
    """One slot of the mock exam: ``count`` questions of ``topic``, at this mastery."""

    topic: Topic
    count: int
    mastery: estimates.Mastery

    @property
    def percent(self) -> float:
        return 100 * self.mastery.mean

    @property
    def expected(self) -> float:
        return self.count * self.mastery.mean


@dataclass(frozen=True)
class Readiness:
    quiz: Quiz
    rows: list[BlueprintRow]
    total: int
    need: int
    probability: float

    @property
    def expected(self) -> float:
        return sum(r.expected for r in self.rows)

    @property
    def percent(self) -> float:
        return 100 * self.probability


@dataclass(frozen=True)
class Progress:
    rows: list[MasteryRow]
    prior: float
    answers: int
    mock_scores: list[Attempt]
    due_days: list[tuple[date, int]]
    readiness: Readiness | None


def _pooled(evidence: dict[int, estimates.Evidence], topics: list[Topic], root: Topic) -> estimates.Evidence:
    """A topic's own evidence plus everything below it (a domain pools its topics)."""
    total = estimates.Evidence()
    for t in topics:
        if t.slug == root.slug or t.slug.startswith(f"{root.slug}/"):
            total = total + evidence.get(t.pk, estimates.Evidence())
    return total


def mock_exam() -> Quiz | None:
    """The listed exam-mode quiz with the most questions: the one readiness is measured against."""
    quizzes = Quiz.objects.filter(listed=True, published=True, mode=Quiz.Mode.EXAM).prefetch_related("slots")
    sized = [(sum(1 if s.question_id else s.count for s in q.slots.all()), -q.position, q) for q in quizzes]
    return max(sized, key=lambda t: t[:2])[2] if sized else None


def readiness(quiz: Quiz, evidence, topics: list[Topic], prior: float) -> Readiness:
    by_id = {t.pk: t for t in topics}
    counts: dict[int, int] = {}
    fixed = [s.question_id for s in quiz.slots.all() if s.question_id]
    fixed_topics = dict(Question.objects.filter(pk__in=fixed).values_list("pk", "topic_id"))
    for slot in quiz.slots.all():
        topic_id = fixed_topics.get(slot.question_id) if slot.question_id else slot.topic_id
        if topic_id is not None:
            counts[topic_id] = counts.get(topic_id, 0) + (1 if slot.question_id else slot.count)
    rows = [
        BlueprintRow(by_id[t], n, estimates.mastery(_pooled(evidence, topics, by_id[t]), prior=prior))
        for t, n in counts.items()
    ]
    rows.sort(key=lambda r: (r.topic.position, r.topic.slug))
    total = sum(r.count for r in rows)
    need = estimates.pass_count(total, quiz.pass_percent / 100)
    probability = estimates.pass_probability([(r.count, r.mastery) for r in rows], quiz.pass_percent / 100)
    return Readiness(quiz, rows, total, need, probability)


def progress(user, *, now: datetime) -> Progress:
    evidence = topic_evidence(user, now=now)
    overall = sum(evidence.values(), estimates.Evidence())
    prior = estimates.prior_mean(overall)
    published = Count("questions", filter=Q(questions__status=Question.Status.PUBLISHED))
    topics = list(Topic.objects.annotate(published=published).order_by("position", "slug"))
    entries = []
    for d in (t for t in topics if t.parent_id is None):
        children = [t for t in topics if t.parent_id == d.pk and (t.published or t.pk in evidence)]
        pooled = _pooled(evidence, topics, d)
        if children or pooled.answers:
            entries.append((d, True, estimates.mastery(pooled, prior=prior)))
            entries += [
                (t, False, estimates.mastery(evidence.get(t.pk, estimates.Evidence()), prior=prior)) for t in children
            ]
    scores = list(
        Attempt.objects.filter(
            user=user, state=Attempt.State.FINISHED, quiz__listed=True, quiz__mode=Quiz.Mode.EXAM, score__isnull=False
        )
        .select_related("quiz")
        .order_by("-finished_at")[:SCORES_SHOWN]
    )[::-1]
    quiz = mock_exam()
    return Progress(
        rows=mastery_rows(entries),
        prior=prior,
        answers=overall.answers,
        mock_scores=scores,
        due_days=due_by_day(user, now=now),
        readiness=readiness(quiz, evidence, topics, prior) if quiz else None,
    )


def local_label(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%m-%d")
