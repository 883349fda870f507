"""Study sessions are practice attempts of chosen questions, on a hidden quiz per kind of session,
started through the attempt engine like any other attempt (timing, checking, review unchanged)."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from apps.questions import review, services
from apps.questions.models import Attempt, Question, Quiz, Response, StudyProfile
from apps.questions.study import selectors

SESSIONS = {
    "review": {"ko": "복습 세션", "en": "Review session"},
    "retry": {"ko": "틀린 문제 다시 풀기", "en": "Retry the ones I missed"},
    "drill": {"ko": "약한 주제 집중 연습", "en": "Weakest-topic drill"},
}


def session_quiz(kind: str) -> Quiz:
    """The hidden practice quiz a study session runs on (made on first use)."""
    titles = SESSIONS[kind]
    quiz, _created = Quiz.objects.get_or_create(
        key=f"study-{kind}",
        defaults={
            "title_ko": titles["ko"],
            "title_en": titles["en"],
            "mode": Quiz.Mode.PRACTICE,
            "time_limit_minutes": None,
            "shuffle_questions": False,
            "shuffle_choices": True,
            "review": Quiz.Review.AFTER_SUBMIT,
            "listed": False,
        },
    )
    return quiz


def _start(*, user, kind: str, question_ids: list[int], now: datetime) -> Attempt:
    # A practice check shows the key: never for a question of an exam the student is still sitting.
    sitting = set(
        Response.objects.filter(
            attempt__user=user, attempt__mode=Quiz.Mode.EXAM, attempt__state__in=Attempt.OPEN_STATES
        ).values_list("question_id", flat=True)
    )
    question_ids = [q for q in question_ids if q not in sitting]
    if not question_ids:
        raise services.NotAllowed(_("Those questions are in the exam you are taking: finish it first."))
    quiz = session_quiz(kind)
    # A new session replaces an unfinished one of the same kind: submitting it keeps what was checked.
    current = services.open_attempt(user=user, quiz=quiz)
    if current:
        services.submit(current, now=now)
    return services.start_attempt(user=user, quiz=quiz, now=now, question_ids=question_ids)


def start_review(*, user, now: datetime) -> Attempt:
    ids = selectors.due_question_ids(user, now=now)
    if not ids:
        raise services.NotAllowed(_("Nothing is due for review today."))
    return _start(user=user, kind="review", question_ids=ids, now=now)


def start_retry(*, user, attempt: Attempt, now: datetime) -> Attempt:
    """A practice attempt of exactly the questions missed (score below full) in a finished attempt."""
    full = review.review_allowed(
        review=attempt.quiz.review, finished=attempt.is_finished, now=now, close_at=attempt.quiz.close_at
    )
    if not full:
        raise services.NotAllowed(_("This attempt's answers are not shown yet, so it cannot be retried."))
    missed = attempt.responses.filter(question__status=Question.Status.PUBLISHED).exclude(score=1)
    ids = list(missed.order_by("position").values_list("question_id", flat=True))
    if not ids:
        raise services.NotAllowed(_("You missed nothing in this attempt."))
    return _start(user=user, kind="retry", question_ids=ids, now=now)


def start_drill(*, user, now: datetime) -> Attempt:
    ids = selectors.drill_question_ids(user, now=now)
    if not ids:
        raise services.NotAllowed(_("There are no published questions to drill yet."))
    return _start(user=user, kind="drill", question_ids=ids, now=now)


@transaction.atomic
def set_exam_date(*, user, exam_date: date | None) -> StudyProfile:
    profile, _created = StudyProfile.objects.update_or_create(user=user, defaults={"exam_date": exam_date})
    return profile
