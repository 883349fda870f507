"""Writes for attempts: start, save, flag, check, submit, close. Views call only these.

Every write checks the attempt in the same transaction as the change (locking its row on
PostgreSQL; SQLite's IMMEDIATE transactions serialise writers), so a save can never land after
the attempt was graded, and finishing is a conditional update that succeeds exactly once. A
save is a single statement that does both (``_store_if_newer``).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.classes.windows import quiz_window
from apps.questions import grading, selection, timing
from apps.questions.answers import clean_answer
from apps.questions.models import Attempt, ExtraTime, Question, Quiz, Response
from apps.questions.snapshots import snapshot_question
from apps.questions.study import recording
from apps.questions.tokens import attempt_tokens


class AttemptClosed(Exception):
    """The attempt no longer accepts this write (finished, overdue, or past its deadline)."""


class NotAllowed(Exception):
    """The student may not do this (no attempts left, quiz not open, wrong mode)."""


@dataclass(frozen=True)
class SaveResult:
    status: str  # "saved" | "stale"
    seq: int
    saved_at: datetime | None
    answered: bool


def latency_allowance() -> float:
    return settings.QUIZLAB["LATENCY_ALLOWANCE_SECONDS"]


# --- starting -----------------------------------------------------------------------------


def _extra_time(user, quiz: Quiz) -> tuple[int, int]:
    grants = {g.quiz_id: g for g in ExtraTime.objects.filter(Q(quiz=quiz) | Q(quiz__isnull=True), user=user)}
    grant = grants.get(quiz.id) or grants.get(None)
    return (grant.minutes, grant.percent) if grant else (0, 0)


def time_allowed(user, quiz: Quiz) -> timedelta | None:
    """The time this student gets on this quiz, their extra time included (None: untimed)."""
    if not quiz.time_limit_minutes:
        return None
    extra_minutes, extra_percent = _extra_time(user, quiz) if user.is_authenticated else (0, 0)
    return timing.extended_limit(
        timedelta(minutes=quiz.time_limit_minutes), extra_minutes=extra_minutes, extra_percent=extra_percent
    )


def _slots(quiz: Quiz) -> list[selection.FixedSlot | selection.RandomSlot]:
    published = Question.objects.filter(status=Question.Status.PUBLISHED)
    practice = quiz.mode != Quiz.Mode.EXAM
    if practice:
        published = published.filter(exam_only=False)
    elif quiz.exam_only_pool:
        published = published.filter(exam_only=True)
    slots: list[selection.FixedSlot | selection.RandomSlot] = []
    for slot in quiz.slots.select_related("topic", "question"):
        if slot.question_id:
            if slot.question.status == Question.Status.PUBLISHED and not (practice and slot.question.exam_only):
                slots.append(selection.FixedSlot(slot.question_id))
        else:
            slug = slot.topic.slug
            ids = published.filter(Q(topic__slug=slug) | Q(topic__slug__startswith=f"{slug}/"))
            slots.append(selection.RandomSlot(tuple(ids.values_list("id", flat=True)), slot.count))
    return slots


def open_attempt(*, user, quiz: Quiz) -> Attempt | None:
    return Attempt.objects.filter(user=user, quiz=quiz, state__in=Attempt.OPEN_STATES).first()


def start_attempt(*, user, quiz: Quiz, now: datetime, question_ids: list[int] | None = None) -> Attempt:
    """Resume the open attempt, or start a new one if the quiz allows it.

    ``question_ids`` (study sessions) replaces the quiz's slots: exactly those questions, in order.
    """
    current = open_attempt(user=user, quiz=quiz)
    if current:
        current = sync_state(current, now=now)
        if not current.is_finished:
            return current
    open_at, close_at = quiz_window(user, quiz)
    if open_at and now < open_at:
        raise NotAllowed(_("This quiz has not opened yet."))
    if close_at and now >= close_at:
        raise NotAllowed(_("This quiz is closed."))
    used = Attempt.objects.filter(user=user, quiz=quiz).count()
    if quiz.attempts_allowed and used >= quiz.attempts_allowed:
        raise NotAllowed(_("You have used all your attempts at this quiz."))
    extra_minutes, extra_percent = _extra_time(user, quiz)
    limit = timedelta(minutes=quiz.time_limit_minutes) if quiz.time_limit_minutes else None
    seed = secrets.randbits(62)
    if question_ids is None:
        question_ids = selection.draw(_slots(quiz), seed=seed, shuffle=quiz.shuffle_questions)
    if not question_ids:
        raise NotAllowed(_("This quiz has no published questions yet."))
    questions = Question.objects.select_related("topic").prefetch_related("choices").in_bulk(question_ids)
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(
                user=user,
                quiz=quiz,
                number=used + 1,
                seed=seed,
                started_at=now,
                deadline=timing.compute_deadline(
                    now, limit, close_at=close_at, extra_minutes=extra_minutes, extra_percent=extra_percent
                ),
                expiry=quiz.when_time_expires,
                grace_seconds=quiz.grace_minutes * 60,
                mode=quiz.mode,
                max_score=len(question_ids),
            )
            Response.objects.bulk_create(
                Response(
                    attempt=attempt,
                    position=position,
                    question_id=qid,
                    snapshot=snapshot_question(
                        questions[qid],
                        shuffle_choices=quiz.shuffle_choices,
                        rng=selection.choice_rng(seed, qid),
                    ),
                )
                for position, qid in enumerate(question_ids, 1)
            )
    except IntegrityError:
        # Another request (a second tab, a double click) started it first: use that one.
        current = open_attempt(user=user, quiz=quiz)
        if current is None:
            raise
        return current
    return attempt


# --- time ---------------------------------------------------------------------------------


def sync_state(attempt: Attempt, *, now: datetime) -> Attempt:
    """Apply the time rules lazily: mark overdue, or finish at the deadline."""
    if attempt.is_finished:
        return attempt
    phase = timing.phase(attempt.policy(latency_allowance()), now)
    if phase == timing.Phase.CLOSED:
        finish(attempt.pk, finished_at=attempt.deadline, ending=Attempt.Ending.TIME_UP)
        attempt.refresh_from_db()
    elif phase == timing.Phase.OVERDUE and attempt.state == Attempt.State.IN_PROGRESS:
        Attempt.objects.filter(pk=attempt.pk, state=Attempt.State.IN_PROGRESS).update(state=Attempt.State.OVERDUE)
        attempt.refresh_from_db()
    return attempt


def sync_open_attempts(*, user, now: datetime) -> None:
    """Apply the time rules to every open attempt of a student (lists show true states)."""
    if not user.is_authenticated:
        return
    for attempt in Attempt.objects.filter(user=user, state__in=Attempt.OPEN_STATES):
        sync_state(attempt, now=now)


def finish(attempt_id: int, *, finished_at: datetime, ending: str) -> bool:
    """Finish and grade, exactly once: True if this call finished it."""
    with transaction.atomic():
        finished = Attempt.objects.filter(pk=attempt_id, state__in=Attempt.OPEN_STATES).update(
            state=Attempt.State.FINISHED, finished_at=finished_at, ending=ending
        )
        if not finished:
            return False
        responses = list(Response.objects.filter(attempt_id=attempt_id))
        for response in responses:
            response.score = grading.grade(response.snapshot, response.answer)
        Response.objects.bulk_update(responses, ["score"])
        Attempt.objects.filter(pk=attempt_id).update(score=sum(r.score for r in responses))
        attempt = Attempt.objects.select_related("quiz").get(pk=attempt_id)
        recording.record_graded(attempt=attempt, responses=responses, now=finished_at)
    return True


def close_overdue(*, now: datetime) -> int:
    """Finish every attempt past its hard end, at its deadline. Safe to run concurrently."""
    allowance = timedelta(seconds=latency_allowance())
    candidates = Attempt.objects.filter(state__in=Attempt.OPEN_STATES, deadline__isnull=False, deadline__lt=now)
    closed = 0
    for attempt in candidates.only("id", "deadline", "expiry", "grace_seconds", "state"):
        end = timing.hard_end(attempt.policy(allowance.total_seconds()))
        if (
            end is not None
            and now > end
            and finish(attempt.pk, finished_at=attempt.deadline, ending=Attempt.Ending.TIME_UP)
        ):
            closed += 1
    return closed


def submit(attempt: Attempt, *, now: datetime) -> Attempt:
    """Idempotent: a second submit (double click, other tab, the sweep) changes nothing."""
    attempt = sync_state(attempt, now=now)
    if not attempt.is_finished:
        # A submit that arrives within the latency allowance after an autosubmit deadline is
        # the page's own time-up submission: the attempt ends at the deadline, as time up.
        late = attempt.deadline is not None and now > attempt.deadline and attempt.state == Attempt.State.IN_PROGRESS
        if late and attempt.expiry == Quiz.Expiry.AUTOSUBMIT:
            finish(attempt.pk, finished_at=attempt.deadline, ending=Attempt.Ending.TIME_UP)
        else:
            finish(attempt.pk, finished_at=now, ending=Attempt.Ending.SUBMITTED)
        attempt.refresh_from_db()
    return attempt


# --- answering ----------------------------------------------------------------------------


def _locked_open_attempt(attempt_id: int, now: datetime) -> Attempt:
    """Inside a transaction: the attempt, row-locked, if answers may still change."""
    attempt = (
        Attempt.objects.select_for_update()
        .only("id", "state", "deadline", "expiry", "grace_seconds")
        .get(pk=attempt_id)
    )
    if attempt.state != Attempt.State.IN_PROGRESS:
        raise AttemptClosed(attempt.state)
    if timing.phase(attempt.policy(latency_allowance()), now) != timing.Phase.OPEN:
        raise AttemptClosed("time")
    return attempt


def save_answer(*, user, attempt_id: int, position: int, answer: Any, seq: int, now: datetime) -> SaveResult:
    """Store ``answer`` (as the page sends it: choices by their attempt tokens) unless a newer
    save (higher ``seq``) is already stored.

    The hot path of exam day, so a save that is stored costs two queries: the response's
    snapshot (which is also the ownership check: another student's attempt raises
    Response.DoesNotExist) and one conditional UPDATE that carries every rule (newer seq, not
    checked, attempt in progress and before its deadline). Only a refused save reads more, to
    say why.
    """
    snapshot = _own_snapshot(user.pk, attempt_id, position)
    cleaned = clean_answer(snapshot, answer, attempt_tokens(attempt_id, snapshot).decode)
    if _store_if_newer(user.pk, attempt_id, position, seq, cleaned, now):
        return SaveResult("saved", seq, now, cleaned is not None)
    attempt = Attempt.objects.only("id", "state", "deadline", "expiry", "grace_seconds").get(pk=attempt_id)
    if attempt.state != Attempt.State.IN_PROGRESS:
        raise AttemptClosed(attempt.state)
    if timing.phase(attempt.policy(latency_allowance()), now) != timing.Phase.OPEN:
        raise AttemptClosed("time")
    current = Response.objects.only("seq", "saved_at", "checked", "answer").get(
        attempt_id=attempt_id, position=position
    )
    if current.checked:
        raise AttemptClosed("checked")
    return SaveResult("stale", current.seq, current.saved_at, current.is_answered)


# The two statements of a save, written out: the ORM would compile them anew on every request,
# which on exam day costs more CPU than running them.
_OWN_SNAPSHOT = (
    "SELECT r.snapshot FROM questions_response r JOIN questions_attempt a ON a.id = r.attempt_id"
    " WHERE r.attempt_id = %s AND r.position = %s AND a.user_id = %s"
)
_STORE_IF_NEWER = (
    "UPDATE questions_response SET answer = %s, seq = %s, saved_at = %s"
    " WHERE attempt_id = %s AND position = %s AND seq < %s AND NOT checked AND attempt_id IN ("
    "SELECT id FROM questions_attempt WHERE id = %s AND user_id = %s AND state = %s"
    " AND (deadline IS NULL OR deadline >= %s)"
)


def _own_snapshot(user_id: int, attempt_id: int, position: int) -> dict:
    """The question as this student saw it; Response.DoesNotExist if the attempt is not theirs."""
    with connection.cursor() as cursor:
        cursor.execute(_OWN_SNAPSHOT, [attempt_id, position, user_id])
        row = cursor.fetchone()
    if row is None:
        raise Response.DoesNotExist
    return Response._meta.get_field("snapshot").from_db_value(row[0], None, connection)


def _store_if_newer(user_id: int, attempt_id: int, position: int, seq: int, cleaned: Any, now: datetime) -> bool:
    """One UPDATE that stores the answer only if every rule holds; True if it did.

    The attempt's conditions sit in a sub-select that, on PostgreSQL, takes a share lock on the
    attempt row: ``finish`` (which updates that row) then waits for the save to commit and
    grades it, or the save waits for ``finish`` and finds the attempt finished. SQLite
    serialises writers, so the statement alone is atomic there. The deadline rule is
    ``timing.phase`` == OPEN (now <= deadline + allowance) written as deadline >= now - allowance.
    """
    ops = connection.ops
    opens_after = now - timedelta(seconds=latency_allowance())
    params = [
        Response._meta.get_field("answer").get_db_prep_save(cleaned, connection),
        seq,
        ops.adapt_datetimefield_value(now),
        attempt_id,
        position,
        seq,
        attempt_id,
        user_id,
        Attempt.State.IN_PROGRESS.value,
        ops.adapt_datetimefield_value(opens_after),
    ]
    lock = " FOR SHARE" if connection.features.has_select_for_update else ""
    with connection.cursor() as cursor:
        cursor.execute(_STORE_IF_NEWER + lock + ")", params)
        return cursor.rowcount == 1


def set_flag(*, attempt: Attempt, position: int, flagged: bool) -> Response:
    if attempt.is_finished:
        raise AttemptClosed(attempt.state)
    updated = Response.objects.filter(
        attempt_id=attempt.pk, position=position, attempt__state__in=Attempt.OPEN_STATES
    ).update(flagged=flagged)
    if not updated:
        raise AttemptClosed("finished")
    return attempt.responses.get(position=position)


def check_response(*, attempt: Attempt, position: int, now: datetime) -> Response:
    """Practice mode: grade the saved answer now and lock the question."""
    if attempt.mode != Quiz.Mode.PRACTICE:
        raise NotAllowed(_("Checking single answers is for practice quizzes only."))
    with transaction.atomic():
        _locked_open_attempt(attempt.pk, now)
        response = Response.objects.get(attempt_id=attempt.pk, position=position)
        if not response.checked:
            if not response.is_answered:
                raise NotAllowed(_("Answer the question before checking it."))
            response.checked = True
            response.score = grading.grade(response.snapshot, response.answer)
            response.save(update_fields=["checked", "score"])
            recording.record_graded(attempt=attempt, responses=[response], now=now)
    return response
