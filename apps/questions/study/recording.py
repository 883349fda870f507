"""Graded responses → FSRS cards and review logs. The attempt services call ``record_graded`` once
where they grade (finishing an attempt, checking a practice answer); nothing else writes cards."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time

import fsrs
from django.db import transaction
from django.db.models import Exists, FilteredRelation, OuterRef, Q, Subquery
from django.utils import timezone

from apps.questions import review
from apps.questions.models import Attempt, Card, Question, Quiz, Response, ReviewLog, StudyProfile
from apps.questions.study import spacing


def exam_start(user_id: int) -> datetime | None:
    """Midnight (site time) at the start of the student's exam day, if they set one."""
    return _midnight(StudyProfile.objects.filter(user_id=user_id).values_list("exam_date", flat=True).first())


def _midnight(day: date | None) -> datetime | None:
    return timezone.make_aware(datetime.combine(day, time.min)) if day else None


_CARD_FIELDS = ("state", "step", "stability", "difficulty", "due", "last_review", "held_for_exam")


def _cards(user_id: int, question_ids: set[int]) -> tuple[dict[int, Card], dict[int, int], datetime | None]:
    """In one query: the student's cards for these questions (new ones unsaved), each question's
    topic, and the student's exam start (a check schedules one card: every query counts)."""
    mine = FilteredRelation("cards", condition=Q(cards__user_id=user_id))
    exam = StudyProfile.objects.filter(user_id=user_id).values("exam_date")[:1]
    rows = (
        Question.objects.filter(pk__in=question_ids)
        .annotate(mine=mine, exam_date=Subquery(exam))
        .values_list("pk", "topic_id", "exam_date", "mine__id", *(f"mine__{f}" for f in _CARD_FIELDS))
    )
    cards, topics, exam_dates = {}, {}, set()
    for qid, topic_id, exam_date, card_id, *state in rows:
        topics[qid] = topic_id
        exam_dates.add(exam_date)
        fields = dict(zip(_CARD_FIELDS, state, strict=True)) if card_id else {}
        cards[qid] = Card(pk=card_id, user_id=user_id, question_id=qid, **fields)
    return cards, topics, _midnight(exam_dates.pop() if exam_dates else None)


def results_visible(attempt: Attempt, now: datetime) -> bool:
    """The loop may only learn from a grade the student can already see (an exam whose answers are
    shown after the quiz closes must not leak them through what comes due)."""
    if attempt.mode == Quiz.Mode.PRACTICE:
        return True
    return review.review_allowed(review=attempt.quiz.review, finished=True, now=now, close_at=attempt.quiz.close_at)


def _to_fsrs(card: Card) -> fsrs.Card:
    return fsrs.Card(
        card_id=card.pk or 1,
        state=fsrs.State(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
    )


@transaction.atomic
def record_graded(*, attempt: Attempt, responses: Iterable[Response], now: datetime) -> int:
    """Schedule a card for each graded response not recorded before; returns how many.

    Idempotent (a response moves its card at most once: a practice answer checked and then
    submitted counts once). A constant number of queries, whatever the number of responses.
    """
    if not results_visible(attempt, now):
        return 0
    graded = [r for r in responses if r.question_id is not None and r.score is not None]
    if not graded:
        return 0
    done = set(ReviewLog.objects.filter(response__in=[r.pk for r in graded]).values_list("response_id", flat=True))
    graded = [r for r in graded if r.pk not in done]
    if not graded:
        return 0
    user_id = attempt.user_id
    at = now.astimezone(UTC)
    today = timezone.localdate(at)
    cards, topics, start = _cards(user_id, {r.question_id for r in graded})
    days_left = (start - now).total_seconds() / 86400 if start else None
    scheduler = spacing.scheduler(spacing.rounded_retention(days_left))
    logs = []
    for response in graded:
        card = cards[response.question_id]
        if card.pk is None:
            card.due = at  # new: fsrs.Card's defaults (Learning, step 0) from the model's
        rating = spacing.rating_for(response.score, flagged=response.flagged, saves=response.seq)
        moved, _ = scheduler.review_card(_to_fsrs(card), rating, review_datetime=at)
        card.state, card.step = int(moved.state), moved.step
        card.stability, card.difficulty = moved.stability, moved.difficulty
        card.last_review = moved.last_review
        card.due, card.held_for_exam = spacing.hold_for_exam(moved.due, now=at, exam_start=start)
        logs.append(
            ReviewLog(
                user_id=user_id,
                card=card,
                topic_id=topics[response.question_id],
                response_id=response.pk,
                rating=int(rating),
                score=response.score,
                reviewed_at=at,
                reviewed_on=today,
            )
        )
    # One upsert for new and known cards alike (Django's bulk_update builds a CASE per field and
    # row: ~30 ms for 30 cards); it also makes two first answers to one question at once safe.
    for card in cards.values():
        card.pk = None
    Card.objects.bulk_create(
        cards.values(),
        update_conflicts=True,
        unique_fields=["user", "question"],
        update_fields=_CARD_FIELDS,
    )
    for log in logs:
        log.card_id = log.card.pk
    ReviewLog.objects.bulk_create(logs)
    return len(logs)


def record_released(*, user, now: datetime) -> int:
    """Exams whose answers became visible after they finished (shown after the quiz closes): record
    them once they are, as of the close. Called by the study pages; one query when none waits."""
    waiting = (
        Attempt.objects.filter(
            user=user,
            state=Attempt.State.FINISHED,
            mode=Quiz.Mode.EXAM,
            quiz__review=Quiz.Review.AFTER_CLOSE,
            quiz__close_at__lte=now,
        )
        .exclude(Exists(ReviewLog.objects.filter(response__attempt=OuterRef("pk"))))
        .select_related("quiz")
        .order_by("finished_at")
    )
    recorded = 0
    for attempt in waiting:
        released = max(attempt.finished_at, attempt.quiz.close_at)
        recorded += record_graded(attempt=attempt, responses=attempt.responses.all(), now=released)
    return recorded
