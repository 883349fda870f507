"""The study loop through the attempt engine: graded answers schedule cards, sessions start
attempts of exactly the chosen questions, and exams never leak answers through the loop."""

import io
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.questions import services
from apps.questions.models import Card, Quiz, ReviewLog
from apps.questions.study import recording
from apps.questions.study import selectors as study_selectors
from apps.questions.study import services as study_services
from tests.questions.bankdata import bank as bank_doc
from tests.questions.bankdata import question, write
from tests.questions.factories import load_small_bank, make_quiz, make_student, right_answer

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 11, 25, 1, 0, tzinfo=UTC)  # 10:00 in Seoul: the rest of the day is "today"


@pytest.fixture
def bank(tmp_path):
    load_small_bank(tmp_path)


def answer(attempt, position, value, now=T0, seq=1):
    services.save_answer(user=attempt.user, attempt_id=attempt.pk, position=position, answer=value, seq=seq, now=now)


def exam_with(user, *, right: int, now=T0, **quiz_fields):
    """Finish a 6-question exam with the first ``right`` positions right and the rest blank."""
    quiz = make_quiz(f"exam-{Quiz.objects.count()}", **quiz_fields)
    attempt = services.start_attempt(user=user, quiz=quiz, now=now)
    for r in attempt.responses.all()[:right]:
        answer(attempt, r.position, right_answer(r.snapshot, r.attempt_id), now=now)
    return services.submit(attempt, now=now + timedelta(minutes=5))


def test_an_exam_schedules_every_question_misses_due_today(bank):
    user = make_student()
    attempt = exam_with(user, right=2)
    assert Card.objects.filter(user=user).count() == 6
    assert ReviewLog.objects.filter(user=user).count() == 6
    now = T0 + timedelta(minutes=30)
    assert study_selectors.due_count(user, now=now) == 4
    missed = set(attempt.responses.exclude(score=1).values_list("question_id", flat=True))
    assert set(study_selectors.due_question_ids(user, now=now)) == missed
    for card in Card.objects.filter(user=user).exclude(question_id__in=missed):
        assert card.due - card.last_review >= timedelta(days=1)


def test_a_review_session_checks_schedule_cards_days_later(bank):
    user = make_student()
    exam_with(user, right=3)
    now = T0 + timedelta(minutes=30)
    due = study_selectors.due_question_ids(user, now=now)
    session = study_services.start_review(user=user, now=now)
    assert session.mode == Quiz.Mode.PRACTICE and not session.quiz.listed
    assert list(session.responses.order_by("position").values_list("question_id", flat=True)) == due
    for r in session.responses.all():
        answer(session, r.position, right_answer(r.snapshot, r.attempt_id), now=now)
        services.check_response(attempt=session, position=r.position, now=now)
    assert study_selectors.due_count(user, now=now) == 0
    for card in Card.objects.filter(user=user, question_id__in=due):
        assert card.due >= now + timedelta(days=1)
    # Submitting the session afterwards does not count the checked answers twice.
    services.submit(session, now=now + timedelta(minutes=1))
    assert ReviewLog.objects.filter(user=user).count() == 6 + len(due)


def test_sessions_leave_out_questions_of_an_exam_still_being_taken(bank):
    user = make_student()
    first = exam_with(user, right=0)
    now = T0 + timedelta(hours=1)
    sitting = services.start_attempt(user=user, quiz=first.quiz, now=now)  # the same 6 questions, open
    with pytest.raises(services.NotAllowed):
        study_services.start_review(user=user, now=now)
    services.submit(sitting, now=now + timedelta(minutes=1))
    session = study_services.start_review(user=user, now=now + timedelta(minutes=2))
    assert session.responses.count() == 6


def test_nothing_due_is_a_clear_refusal(bank):
    with pytest.raises(services.NotAllowed):
        study_services.start_review(user=make_student(), now=T0)


def test_an_exam_shown_only_after_close_leaks_nothing_until_it_closes(bank):
    user = make_student()
    close = T0 + timedelta(days=1)
    exam_with(user, right=1, review="after_close", close_at=close)
    assert recording.record_released(user=user, now=T0 + timedelta(hours=1)) == 0
    assert not Card.objects.filter(user=user).exists()
    assert study_selectors.due_count(user, now=T0 + timedelta(hours=1)) == 0
    # Once the quiz closes, the answers are shown and the loop learns from them, as of the close.
    assert recording.record_released(user=user, now=close + timedelta(hours=2)) == 6
    assert set(ReviewLog.objects.filter(user=user).values_list("reviewed_at", flat=True)) == {close}
    assert study_selectors.due_count(user, now=close + timedelta(hours=2)) == 5
    assert recording.record_released(user=user, now=close + timedelta(hours=3)) == 0


def test_retry_starts_exactly_the_missed_questions(bank):
    user = make_student()
    attempt = exam_with(user, right=4)
    missed = list(attempt.responses.exclude(score=1).order_by("position").values_list("question_id", flat=True))
    retry = study_services.start_retry(user=user, attempt=attempt, now=T0 + timedelta(hours=1))
    assert list(retry.responses.order_by("position").values_list("question_id", flat=True)) == missed
    # A second retry replaces the unfinished first one.
    again = study_services.start_retry(user=user, attempt=attempt, now=T0 + timedelta(hours=2))
    retry.refresh_from_db()
    assert retry.is_finished and again.pk != retry.pk


def test_exam_date_holds_cards_for_the_exam(bank):
    user = make_student()
    study_services.set_exam_date(user=user, exam_date=date(2026, 11, 27))
    exam_with(user, right=6)
    eve = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)  # 2026-11-26 00:00 in Seoul
    cards = list(Card.objects.filter(user=user))
    assert cards and all(c.due <= eve for c in cards)
    assert study_selectors.held_count(user) == sum(c.held_for_exam for c in cards) > 0


def test_study_pages_and_forms(bank, client):
    user = make_student()
    client.force_login(user)
    attempt = exam_with(user, right=2, now=timezone.now() - timedelta(minutes=6))
    page = client.get(reverse("study"))
    assert page.status_code == 200 and 'id="due-count">4<' in page.content.decode()
    assert client.get("/en/study/").status_code == 200
    bad = client.post(reverse("study-exam-date"), {"exam_date": "not a date"})
    assert bad.status_code == 400 and "exam_date" in bad.content.decode()
    past = client.post(reverse("study-exam-date"), {"exam_date": "2000-01-01"})
    assert past.status_code == 400
    review = client.get(reverse("attempt-review", args=[attempt.pk]))
    assert reverse("attempt-retry", args=[attempt.pk]) in review.content.decode()
    started = client.post(reverse("attempt-retry", args=[attempt.pk]))
    assert started.status_code == 302 and "/attempts/" in started["Location"]
    # Another student's attempt does not exist for them.
    client.force_login(make_student("other"))
    assert client.post(reverse("attempt-retry", args=[attempt.pk])).status_code == 404


def test_drill_takes_the_weakest_topic_first_then_fills_up(tmp_path):
    doc = bank_doc(
        *[question(f"cam-{i}") for i in range(8)], *[question(f"lime-{i}", topic="xai/lime") for i in range(8)]
    )
    doc["topics"].append({"slug": "xai/lime", "name": {"ko": "LIME", "en": "LIME"}})
    call_command("load_bank", str(write(tmp_path / "b.yaml", doc)), stdout=io.StringIO())
    user = make_student()
    attempt = services.start_attempt(user=user, quiz=make_quiz("both", count=12), now=T0)
    for r in attempt.responses.all():  # every CAM question right, every LIME question wrong
        if r.snapshot["key"].startswith("cam"):
            answer(attempt, r.position, right_answer(r.snapshot, r.attempt_id))
    services.submit(attempt, now=T0 + timedelta(minutes=5))
    seen = set(attempt.responses.values_list("question__key", flat=True))
    drill = study_services.start_drill(user=user, now=T0 + timedelta(days=1))
    keys = [r.snapshot["key"] for r in drill.responses.order_by("position")]
    assert len(keys) == len(set(keys)) == 15
    assert all(k.startswith("lime") for k in keys[:5])
    # Within a topic, questions never seen come first.
    unseen_lime = {f"lime-{i}" for i in range(8)} - seen
    assert set(keys[: len(unseen_lime)]) == unseen_lime


def _progress_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(url)
    assert page.status_code == 200
    return len(ctx.captured_queries), page.content.decode()


def test_progress_page_shows_mastery_readiness_and_charts_in_constant_queries(bank, client):
    user = make_student()
    client.force_login(user)
    now = timezone.now() - timedelta(hours=1)
    exam_with(user, right=3, now=now)
    Quiz.objects.filter(key="exam-0").update(pass_percent=50)
    first, html = _progress_queries(client, reverse("progress"))
    assert "<svg" in html and 'role="img"' in html and "CAM" in html
    assert 'id="readiness"' in html
    for _ in range(3):
        exam_with(user, right=5, now=now)
    more, html = _progress_queries(client, reverse("progress"))
    assert more == first  # queries do not grow with the number of answers
    assert client.get("/en/progress/").status_code == 200


def test_instructors_see_a_students_progress_read_only(bank, client):
    student = make_student()
    exam_with(student, right=2)
    url = reverse("student-progress", args=[student.pk])
    client.force_login(make_student("peer"))
    assert client.get(url).status_code == 302  # not staff: to the admin login
    staff = make_student("teacher")
    staff.is_staff = True
    staff.save()
    client.force_login(staff)
    page = client.get(url)
    assert page.status_code == 200 and student.get_username() in page.content.decode()
    assert "<form" not in page.content.decode().split("<main", 1)[1]


def test_the_attempt_list_in_the_admin_links_to_the_students_progress(bank, client):
    student = make_student()
    exam_with(student, right=2)
    admin = make_student("admin")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    page = client.get(reverse("admin:questions_attempt_changelist"))
    assert reverse("student-progress", args=[student.pk]) in page.content.decode()
