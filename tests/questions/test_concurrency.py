"""Races that real exams produce, run on real threads against the real database
(PostgreSQL in CI's second pass, SQLite with WAL and IMMEDIATE transactions in the first)."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from apps.questions import services
from apps.questions.models import Attempt, Response
from tests.questions.factories import load_small_bank, make_quiz, make_student

pytestmark = pytest.mark.django_db(transaction=True)


def together(*calls):
    """Run the calls at the same moment on separate threads (separate connections)."""
    barrier = threading.Barrier(len(calls))
    results, errors = [None] * len(calls), []

    def run(i, call):
        try:
            barrier.wait()
            results[i] = call()
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    return results


@pytest.fixture
def attempt(tmp_path):
    load_small_bank(tmp_path)
    return services.start_attempt(user=make_student(), quiz=make_quiz(minutes=10), now=timezone.now())


def test_two_simultaneous_submits_finish_once(attempt):
    now = timezone.now()
    results = together(*[lambda: services.finish(attempt.pk, finished_at=now, ending="submitted")] * 4)
    assert results.count(True) == 1
    attempt.refresh_from_db()
    assert attempt.state == "finished" and attempt.score is not None


def test_submit_racing_the_sweep_finishes_once(attempt):
    after = attempt.deadline + timedelta(seconds=1)  # within the allowance: submit still counts
    sweep_time = attempt.deadline + timedelta(minutes=1)
    results = together(
        lambda: services.finish(attempt.pk, finished_at=after, ending="submitted"),
        lambda: services.close_overdue(now=sweep_time),
        lambda: services.close_overdue(now=sweep_time),
    )
    finished_by_submit = results[0]
    assert finished_by_submit + results[1] + results[2] == 1
    attempt.refresh_from_db()
    assert attempt.state == "finished"
    assert attempt.finished_at == (after if finished_by_submit else attempt.deadline)


def test_out_of_order_concurrent_saves_keep_the_newest(attempt):
    response = attempt.responses.get(snapshot__type="short")
    now = timezone.now()
    saves = [
        (
            lambda seq=seq: services.save_answer(
                user=attempt.user, attempt_id=attempt.pk, position=response.position, answer=f"v{seq}", seq=seq, now=now
            )
        )
        for seq in (3, 1, 5, 2, 4)
    ]
    together(*saves)
    response.refresh_from_db()
    assert (response.answer, response.seq) == ("v5", 5)


def test_saves_racing_a_submit_are_either_graded_or_refused(attempt):
    response = attempt.responses.get(snapshot__type="short")
    accepted = response.snapshot["key_data"]["accepted"][0]
    now = timezone.now()

    def save():
        try:
            return services.save_answer(
                user=attempt.user, attempt_id=attempt.pk, position=response.position, answer=accepted, seq=1, now=now
            ).status
        except services.AttemptClosed:
            return "closed"

    status, _ = together(save, lambda: services.finish(attempt.pk, finished_at=now, ending="submitted"))
    response.refresh_from_db()
    attempt.refresh_from_db()
    if status == "saved":  # the save committed first, so the grade must include it
        assert response.answer == accepted and response.score == 1.0
    else:
        assert response.answer is None and response.score == 0.0
    assert attempt.score == sum(Response.objects.filter(attempt=attempt).values_list("score", flat=True))


def test_a_save_during_a_finish_waits_for_it_and_is_refused(attempt):
    """The save's one UPDATE must wait for a finish that has marked the attempt but not yet
    committed (PostgreSQL: the share lock on the attempt row; SQLite: the writer lock), then
    see the attempt finished. Without the wait it would land after the grade was taken."""
    response = attempt.responses.get(snapshot__type="short")
    marked, done = threading.Event(), threading.Event()

    def finish_slowly():
        with transaction.atomic():
            Attempt.objects.filter(pk=attempt.pk).update(state=Attempt.State.FINISHED)
            marked.set()
            done.wait(0.5)  # grading takes a while; the save arrives meanwhile
        return "finished"

    def save():
        marked.wait(10)
        try:
            services.save_answer(
                user=attempt.user, attempt_id=attempt.pk, position=response.position,
                answer="late", seq=1, now=timezone.now(),
            )  # fmt: skip
            return "saved"
        except services.AttemptClosed:
            return "closed"
        finally:
            done.set()

    assert together(finish_slowly, save) == ["finished", "closed"]
    response.refresh_from_db()
    assert response.answer is None and response.seq == 0


def test_two_tabs_starting_at_once_get_one_attempt(tmp_path):
    load_small_bank(tmp_path)
    quiz, user = make_quiz(), make_student()
    now = timezone.now()
    ids = together(*[lambda: services.start_attempt(user=user, quiz=quiz, now=now).pk] * 3)
    assert len(set(ids)) == 1 and Attempt.objects.filter(user=user).count() == 1
    assert connection.vendor in ("sqlite", "postgresql")
