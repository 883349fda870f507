"""The attempt engine through its services, with time passed in explicitly."""

from datetime import UTC, datetime, timedelta

import pytest

from apps.questions import services
from apps.questions.answers import InvalidAnswer
from apps.questions.models import Attempt, ExtraTime, Question, Response
from apps.questions.selectors import quiz_standings
from tests.questions.factories import load_small_bank, make_quiz, make_student, page_answer, right_answer

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


@pytest.fixture
def bank(tmp_path):
    load_small_bank(tmp_path)


def start(quiz, user=None, now=T0):
    return services.start_attempt(user=user or make_student(), quiz=quiz, now=now)


def test_start_draws_snapshots_with_stable_shuffled_orders(bank):
    quiz = make_quiz()
    attempt = start(quiz)
    responses = list(attempt.responses.all())
    assert len(responses) == 6 and attempt.max_score == 6
    assert attempt.deadline == T0 + timedelta(minutes=10)
    assert {r.snapshot["key"] for r in responses} == set(Question.objects.values_list("key", flat=True))
    # Reloading reads the same snapshots: order and choice order are fixed at start.
    again = [(r.position, r.snapshot["key"], [c["id"] for c in r.snapshot["choices"]]) for r in attempt.responses.all()]
    assert again == [(r.position, r.snapshot["key"], [c["id"] for c in r.snapshot["choices"]]) for r in responses]


def test_starting_again_resumes_the_open_attempt(bank):
    quiz, user = make_quiz(), make_student()
    first = start(quiz, user)
    assert start(quiz, user, now=T0 + timedelta(minutes=1)).pk == first.pk
    assert Attempt.objects.count() == 1


def test_edits_to_the_bank_do_not_change_a_running_attempt(bank):
    attempt = start(make_quiz())
    response = attempt.responses.get(snapshot__type="single")
    question = Question.objects.get(pk=response.question_id)
    question.stem_ko = "바뀐 질문"
    question.save()
    question.choices.update(is_correct=False)
    response.refresh_from_db()
    assert response.snapshot["stem"]["ko"] != "바뀐 질문"
    services.save_answer(
        user=attempt.user,
        attempt_id=attempt.pk,
        position=response.position,
        answer=right_answer(response.snapshot, response.attempt_id),
        seq=1,
        now=T0,
    )
    attempt = services.submit(attempt, now=T0 + timedelta(minutes=1))
    assert attempt.responses.get(pk=response.pk).score == 1.0


def test_changing_the_time_limit_does_not_move_running_deadlines(bank):
    quiz = make_quiz(minutes=10)
    attempt = start(quiz)
    quiz.time_limit_minutes = 1
    quiz.save()
    attempt.refresh_from_db()
    assert attempt.deadline == T0 + timedelta(minutes=10)


def test_extra_time_in_minutes_or_percent(bank):
    quiz, user = make_quiz(minutes=40), make_student()
    ExtraTime.objects.create(user=user, quiz=None, percent=25)
    assert start(quiz, user).deadline == T0 + timedelta(minutes=50)
    other = make_student("other")
    ExtraTime.objects.create(user=other, quiz=quiz, minutes=15)
    assert start(quiz, other).deadline == T0 + timedelta(minutes=55)


def test_close_time_caps_the_deadline_and_closed_quizzes_refuse_starts(bank):
    quiz = make_quiz(minutes=40, close_at=T0 + timedelta(minutes=20))
    assert start(quiz).deadline == T0 + timedelta(minutes=20)
    with pytest.raises(services.NotAllowed):
        start(quiz, make_student("late"), now=T0 + timedelta(minutes=21))


def test_attempts_allowed_and_grading_method(bank):
    quiz, user = make_quiz(attempts_allowed=2, grading_method="last"), make_student()
    first = start(quiz, user)
    for r in first.responses.all():
        services.save_answer(
            user=first.user,
            attempt_id=first.pk,
            position=r.position,
            answer=right_answer(r.snapshot, r.attempt_id),
            seq=1,
            now=T0,
        )
    services.submit(first, now=T0 + timedelta(minutes=1))
    second = start(quiz, user, now=T0 + timedelta(minutes=2))
    services.submit(second, now=T0 + timedelta(minutes=3))
    with pytest.raises(services.NotAllowed):
        start(quiz, user, now=T0 + timedelta(minutes=4))
    standing = quiz_standings(user, [quiz])[quiz.id]
    assert standing.attempts_used == 2 and standing.grade_percent == 0.0  # "last" attempt scored 0
    quiz.grading_method = "highest"
    assert quiz_standings(user, [quiz])[quiz.id].grade_percent == 100.0


def test_out_of_order_saves_keep_the_newest(bank):
    attempt = start(make_quiz())
    r = attempt.responses.get(snapshot__type="short")
    assert (
        services.save_answer(
            user=attempt.user, attempt_id=attempt.pk, position=r.position, answer="new", seq=5, now=T0
        ).status
        == "saved"
    )
    stale = services.save_answer(
        user=attempt.user, attempt_id=attempt.pk, position=r.position, answer="old", seq=4, now=T0
    )
    assert stale.status == "stale" and stale.seq == 5
    assert (
        services.save_answer(
            user=attempt.user, attempt_id=attempt.pk, position=r.position, answer="again", seq=5, now=T0
        ).status
        == "stale"
    )
    r.refresh_from_db()
    assert r.answer == "new" and r.seq == 5


def test_invalid_answers_are_refused_and_change_nothing(bank):
    attempt = start(make_quiz())
    single = attempt.responses.get(snapshot__type="single")
    first_id = single.snapshot["choices"][0]["id"]
    services.save_answer(
        user=attempt.user,
        attempt_id=attempt.pk,
        position=single.position,
        answer=page_answer(single.snapshot, attempt.pk, first_id),
        seq=1,
        now=T0,
    )
    # A database id is not a page value; nor is another attempt's token.
    elsewhere = page_answer(single.snapshot, attempt.pk + 1, first_id)
    for bad in (first_id, str(first_id), 999999, "x", [1, 2], True, elsewhere):
        with pytest.raises(InvalidAnswer):
            services.save_answer(
                user=attempt.user, attempt_id=attempt.pk, position=single.position, answer=bad, seq=2, now=T0
            )
    ordering = attempt.responses.get(snapshot__type="ordering")
    ids = [c["id"] for c in ordering.snapshot["choices"]]
    with pytest.raises(InvalidAnswer, match="every item"):
        services.save_answer(
            user=attempt.user,
            attempt_id=attempt.pk,
            position=ordering.position,
            answer=page_answer(ordering.snapshot, attempt.pk, ids[:2]),
            seq=1,
            now=T0,
        )
    single.refresh_from_db()
    assert single.answer == first_id and single.seq == 1


def test_autosubmit_accepts_saves_within_the_allowance_and_finishes_at_the_deadline(bank):
    attempt = start(make_quiz(minutes=10))
    r = attempt.responses.get(snapshot__type="short")
    deadline = attempt.deadline
    ok = services.save_answer(
        user=attempt.user,
        attempt_id=attempt.pk,
        position=r.position,
        answer="late but ok",
        seq=1,
        now=deadline + timedelta(seconds=4.9),
    )
    assert ok.status == "saved"
    with pytest.raises(services.AttemptClosed):
        services.save_answer(
            user=attempt.user,
            attempt_id=attempt.pk,
            position=r.position,
            answer="too late",
            seq=2,
            now=deadline + timedelta(seconds=5.1),
        )
    attempt = services.sync_state(attempt, now=deadline + timedelta(seconds=5.1))
    assert attempt.state == "finished" and attempt.finished_at == deadline and attempt.ending == "time_up"
    assert Response.objects.get(pk=r.pk).answer == "late but ok"


def test_the_allowance_ends_exactly_at_deadline_plus_allowance(bank):
    """The save's single UPDATE checks the deadline in SQL: to the microsecond, as timing.phase does."""
    attempt = start(make_quiz(minutes=10))
    r = attempt.responses.get(snapshot__type="short")
    end = attempt.deadline + timedelta(seconds=services.latency_allowance())

    def save(seq, now):
        return services.save_answer(
            user=attempt.user, attempt_id=attempt.pk, position=r.position, answer=f"v{seq}", seq=seq, now=now
        )

    assert save(1, end).status == "saved"
    with pytest.raises(services.AttemptClosed):
        save(2, end + timedelta(microseconds=1))
    assert Response.objects.get(pk=r.pk).answer == "v1"


def test_the_pages_own_time_up_submit_ends_at_the_deadline(bank):
    attempt = start(make_quiz(minutes=10))
    attempt = services.submit(attempt, now=attempt.deadline + timedelta(seconds=2))
    assert attempt.ending == "time_up" and attempt.finished_at == attempt.deadline


def test_graceperiod_overdue_can_submit_but_not_change(bank):
    attempt = start(make_quiz(minutes=10, expiry="graceperiod", grace=5))
    r = attempt.responses.first()
    later = attempt.deadline + timedelta(minutes=1)
    attempt = services.sync_state(attempt, now=later)
    assert attempt.state == "overdue"
    with pytest.raises(services.AttemptClosed):
        services.save_answer(
            user=attempt.user, attempt_id=attempt.pk, position=r.position, answer=None, seq=1, now=later
        )
    attempt = services.submit(attempt, now=later)
    assert attempt.state == "finished" and attempt.finished_at == later and attempt.ending == "submitted"


def test_graceperiod_expires_into_finished_at_the_deadline(bank):
    attempt = start(make_quiz(minutes=10, expiry="graceperiod", grace=5))
    assert services.close_overdue(now=attempt.deadline + timedelta(minutes=4)) == 0
    assert services.close_overdue(now=attempt.deadline + timedelta(minutes=5, seconds=1)) == 1
    attempt.refresh_from_db()
    assert attempt.state == "finished" and attempt.finished_at == attempt.deadline


def test_sweep_and_submit_are_idempotent(bank):
    attempt = start(make_quiz(minutes=10))
    after = attempt.deadline + timedelta(minutes=1)
    assert services.close_overdue(now=after) == 1
    assert services.close_overdue(now=after) == 0
    finished = Attempt.objects.get(pk=attempt.pk)
    again = services.submit(finished, now=after + timedelta(minutes=1))
    assert again.finished_at == attempt.deadline and again.ending == "time_up"


def test_finished_attempt_refuses_every_write(bank):
    attempt = services.submit(start(make_quiz()), now=T0 + timedelta(minutes=1))
    r = attempt.responses.first()
    with pytest.raises(services.AttemptClosed):
        services.save_answer(user=attempt.user, attempt_id=attempt.pk, position=r.position, answer=None, seq=9, now=T0)
    with pytest.raises(services.AttemptClosed):
        services.set_flag(attempt=attempt, position=r.position, flagged=True)


def test_grading_on_submit_scores_every_type(bank):
    attempt = start(make_quiz())
    for r in attempt.responses.all():
        services.save_answer(
            user=attempt.user,
            attempt_id=attempt.pk,
            position=r.position,
            answer=right_answer(r.snapshot, r.attempt_id),
            seq=1,
            now=T0,
        )
    attempt = services.submit(attempt, now=T0 + timedelta(minutes=2))
    assert attempt.score == 6 and attempt.percent == 100
    assert set(attempt.responses.values_list("score", flat=True)) == {1.0}


def test_practice_check_grades_and_locks(bank):
    attempt = start(make_quiz(mode="practice", minutes=None))
    r = attempt.responses.get(snapshot__type="true_false")
    with pytest.raises(services.NotAllowed):
        services.check_response(attempt=attempt, position=r.position, now=T0)  # nothing saved yet
    services.save_answer(
        user=attempt.user,
        attempt_id=attempt.pk,
        position=r.position,
        answer=not r.snapshot["key_data"]["value"],
        seq=1,
        now=T0,
    )
    checked = services.check_response(attempt=attempt, position=r.position, now=T0)
    assert checked.checked and checked.score == 0.0
    with pytest.raises(services.AttemptClosed):
        services.save_answer(
            user=attempt.user,
            attempt_id=attempt.pk,
            position=r.position,
            answer=r.snapshot["key_data"]["value"],
            seq=2,
            now=T0,
        )


def test_check_is_refused_in_exam_mode(bank):
    attempt = start(make_quiz(mode="exam"))
    with pytest.raises(services.NotAllowed):
        services.check_response(attempt=attempt, position=1, now=T0)
