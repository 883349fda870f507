"""The attempt pages over HTTP: what a student's browser sends and receives."""

import json
import re
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.questions import services
from apps.questions.models import Attempt, ExtraTime, Response
from tests.questions.factories import load_small_bank, make_quiz, make_student, right_answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(tmp_path, client):
    load_small_bank(tmp_path)
    quiz = make_quiz("mock", minutes=10)
    student = make_student()
    client.force_login(student)
    return quiz, student


def start(client, quiz) -> Attempt:
    response = client.post(f"/quizzes/{quiz.key}/start/")
    assert response.status_code == 302
    return Attempt.objects.get(quiz=quiz)


def save(client, attempt, position, answer, seq):
    return client.post(
        f"/attempts/{attempt.pk}/{position}/save/",
        json.dumps({"answer": answer, "seq": seq}),
        content_type="application/json",
    )


def test_quiz_list_and_detail_show_what_a_student_needs(client, setup):
    quiz, _ = setup
    home = client.get("/en/")
    assert "mock quiz" in home.text and "Attempts: 0 (unlimited)" in home.text and "10 min" in home.text
    detail = client.get(f"/en/quizzes/{quiz.key}/")
    assert "Start" in detail.text and "Pass mark" in detail.text


def test_a_student_granted_extra_time_sees_their_own_limit_before_starting(client, setup):
    quiz, student = setup
    assert "with your extra time" not in client.get(f"/en/quizzes/{quiz.key}/").text
    ExtraTime.objects.create(user=student, quiz=None, percent=50)
    page = client.get(f"/en/quizzes/{quiz.key}/").text
    assert "10 min" in page and "15 min for you, with your extra time" in page
    assert "추가 시간" in client.get(f"/quizzes/{quiz.key}/").text
    # The deadline they then get is the one announced.
    attempt = start(client, quiz)
    assert attempt.deadline - attempt.started_at == timedelta(minutes=15)
    client.logout()
    assert "with your extra time" not in client.get(f"/en/quizzes/{quiz.key}/").text


def test_start_and_answer_and_reload(client, setup):
    quiz, _ = setup
    attempt = start(client, quiz)
    page = client.get(f"/attempts/{attempt.pk}/1/")
    assert page.status_code == 200 and page["Cache-Control"].startswith("max-age=0")
    r = attempt.responses.get(position=1)
    ok = save(client, attempt, 1, right_answer(r.snapshot, r.attempt_id), 1)
    assert ok.status_code == 200 and ok.json()["status"] == "saved"
    assert save(client, attempt, 1, None, 1).json()["status"] == "stale"
    reloaded = client.get(f"/attempts/{attempt.pk}/1/")
    assert 'class="nav-cell answered' in reloaded.text
    assert 'data-seq="1"' in reloaded.text


def test_bad_saves_get_400_with_a_message(client, setup):
    quiz, _ = setup
    attempt = start(client, quiz)
    bad_json = client.post(f"/attempts/{attempt.pk}/1/save/", "not json", content_type="application/json")
    assert bad_json.status_code == 400 and "seq" in bad_json.json()["error"]
    single = attempt.responses.get(snapshot__type="single")
    wrong = save(client, attempt, single.position, 123456789, 1)
    assert wrong.status_code == 400 and wrong.json()["field"] == "answer"
    assert save(client, attempt, 99, None, 1).status_code == 404
    for seq in (2**63, 2**53, -1, True, 1.5, "7", None):  # out of range, or not a whole JSON number
        refused = save(client, attempt, single.position, None, seq)
        assert refused.status_code == 400 and refused.json()["field"] == "seq", seq
    assert save(client, attempt, single.position, None, 2**53 - 1).json()["status"] == "saved"


def test_other_students_attempts_do_not_exist(client, setup):
    quiz, _ = setup
    attempt = start(client, quiz)
    client.force_login(make_student("intruder"))
    assert client.get(f"/attempts/{attempt.pk}/1/").status_code == 404
    assert save(client, attempt, 1, None, 1).status_code == 404
    assert client.post(f"/attempts/{attempt.pk}/submit/").status_code == 404
    assert client.get(f"/attempts/{attempt.pk}/review/").status_code == 404


def test_submit_is_idempotent_and_finished_attempts_refuse_writes(client, setup):
    quiz, _ = setup
    attempt = start(client, quiz)
    first = client.post(f"/attempts/{attempt.pk}/submit/")
    second = client.post(f"/attempts/{attempt.pk}/submit/")
    assert first.status_code == second.status_code == 302
    attempt.refresh_from_db()
    finished_at = attempt.finished_at
    assert Attempt.objects.filter(pk=attempt.pk, state="finished").count() == 1
    late = save(client, attempt, 1, None, 50)
    assert late.status_code == 409 and late.json()["redirect"].endswith("/review/")
    flag = client.post(f"/attempts/{attempt.pk}/1/flag/", {"flagged": "1"}, headers={"hx-request": "true"})
    assert flag.status_code == 409
    back = client.get(f"/attempts/{attempt.pk}/1/")
    assert back.status_code == 302 and back["Location"].endswith("/review/")
    attempt.refresh_from_db()
    assert attempt.finished_at == finished_at


def test_time_runs_out_lazily_on_the_next_request(client, setup):
    quiz, _ = setup
    attempt = start(client, quiz)
    with time_machine.travel(attempt.deadline + timedelta(seconds=30)):
        page = client.get(f"/attempts/{attempt.pk}/1/")
        assert page.status_code == 302
    attempt.refresh_from_db()
    assert attempt.state == "finished" and attempt.finished_at == attempt.deadline


def test_quiz_page_closes_an_expired_attempt_instead_of_offering_to_continue(client, setup):
    quiz, _ = setup
    attempt = start(client, quiz)
    with time_machine.travel(attempt.deadline + timedelta(minutes=5)):
        page = client.get(f"/en/quizzes/{quiz.key}/")
    assert "Continue your attempt" not in page.text and "Start a new attempt" in page.text
    attempt.refresh_from_db()
    assert attempt.state == "finished" and attempt.finished_at == attempt.deadline


def test_flag_toggle_returns_the_button_and_the_navigator_cell(client, setup):
    quiz, _ = setup
    attempt = start(client, quiz)
    response = client.post(f"/attempts/{attempt.pk}/2/flag/", {"flagged": "1"}, headers={"hx-request": "true"})
    assert response.status_code == 200 and 'aria-pressed="true"' in response.text
    assert 'id="nav-item-2"' in response.text and "flagged" in response.text and 'hx-swap-oob="true"' in response.text
    assert Response.objects.get(attempt=attempt, position=2).flagged


def test_summary_lists_unanswered_and_flagged(client, setup):
    quiz, _ = setup
    attempt = start(client, quiz)
    save(client, attempt, 1, right_answer(attempt.responses.get(position=1).snapshot, attempt.pk), 1)
    client.post(f"/attempts/{attempt.pk}/3/flag/", {"flagged": "1"})
    page = client.get(f"/en/attempts/{attempt.pk}/summary/")
    assert "5 questions are not answered" in page.text and "Flagged for review:" in page.text


def test_review_shows_score_breakdown_and_explanations(client, setup):
    quiz, _ = setup
    attempt = start(client, quiz)
    for r in attempt.responses.all():
        save(client, attempt, r.position, right_answer(r.snapshot, r.attempt_id), 1)
    client.post(f"/attempts/{attempt.pk}/submit/")
    page = client.get(f"/en/attempts/{attempt.pk}/review/")
    assert "100%" in page.text and "Passed" in page.text and "By topic" in page.text
    for r in attempt.responses.all():
        assert r.snapshot["explanation"]["en"] in page.text
    assert page.text.count("correct answer") >= 2


def test_review_after_close_is_withheld_until_then(client, tmp_path):
    load_small_bank(tmp_path)
    quiz = make_quiz("later", minutes=None, review="after_close", close_at=timezone.now() + timedelta(days=1))
    client.force_login(make_student())
    attempt = start(client, quiz)
    client.post(f"/attempts/{attempt.pk}/submit/")
    explanation = attempt.responses.first().snapshot["explanation"]["ko"]
    assert explanation not in client.get(f"/attempts/{attempt.pk}/review/").text
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        assert explanation in client.get(f"/attempts/{attempt.pk}/review/").text


def secrets_of(snapshot) -> list[str]:
    """Text that would give the key away if it reached the page before review."""
    found = [snapshot["explanation"]["ko"], snapshot["explanation"]["en"]]
    found += [c["feedback"][lang] for c in snapshot["choices"] for lang in ("ko", "en")]
    key = snapshot["key_data"]
    if snapshot["type"] == "short":
        found += key["accepted"]
    return [s for s in found if s and len(s) > 3]


def test_no_key_reaches_the_browser_during_an_exam(client, setup):
    quiz, _ = setup
    attempt = start(client, quiz)
    responses = list(attempt.responses.all())
    served = []
    for r in responses:
        served.append(client.get(f"/attempts/{attempt.pk}/{r.position}/").text)
        served.append(client.get(f"/en/attempts/{attempt.pk}/{r.position}/").text)
        served.append(save(client, attempt, r.position, right_answer(r.snapshot, r.attempt_id), 1).content.decode())
        served.append(client.post(f"/attempts/{attempt.pk}/{r.position}/flag/", {"flagged": "1"}).text)
        served.append(client.post(f"/attempts/{attempt.pk}/{r.position}/check/").text)  # refused in exam mode
    served.append(client.get(f"/attempts/{attempt.pk}/summary/").text)
    everything = "\n".join(served)
    for r in responses:
        for secret in secrets_of(r.snapshot):
            assert secret not in everything, f"{r.snapshot['key']} leaked {secret!r}"
    assert not re.search(r"is-correct|is-right|feedback-panel|key_data|\"correct\"", everything)
    single = next(r for r in responses if r.snapshot["type"] == "single")
    correct_id = single.snapshot["key_data"]["correct"][0]
    assert "data-correct" not in everything and f'value="{correct_id}" data' not in everything


def test_practice_check_shows_feedback_then_locks(client, tmp_path):
    load_small_bank(tmp_path)
    quiz = make_quiz("practice", mode="practice", minutes=None)
    client.force_login(make_student())
    attempt = start(client, quiz)
    r = attempt.responses.get(snapshot__type="single")
    page = client.get(f"/attempts/{attempt.pk}/{r.position}/")
    assert 'id="check-button"' in page.text and r.snapshot["explanation"]["ko"] not in page.text
    save(client, attempt, r.position, right_answer(r.snapshot, r.attempt_id), 1)
    checked = client.post(f"/attempts/{attempt.pk}/{r.position}/check/", headers={"hx-request": "true"})
    assert checked.status_code == 200 and r.snapshot["explanation"]["ko"] in checked.text
    assert "정답" in checked.text or "Correct" in checked.text
    assert save(client, attempt, r.position, None, 2).status_code == 409
    assert "disabled" in client.get(f"/attempts/{attempt.pk}/{r.position}/").text


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def attempt_at(quiz, student, *, finish: bool) -> Attempt:
    attempt = services.start_attempt(user=student, quiz=quiz, now=timezone.now())
    if finish:
        for r in attempt.responses.all():
            services.save_answer(user=student, attempt_id=attempt.pk, position=r.position,
                                 answer=right_answer(r.snapshot, r.attempt_id), seq=1, now=timezone.now())  # fmt: skip
        services.submit(attempt, now=timezone.now())
    return attempt


def test_pages_make_as_many_queries_for_many_items_as_for_few(client, setup):
    """More quizzes, attempts or questions never mean more queries."""
    quiz, student = setup
    small_quiz = make_quiz("small", count=2)
    for page, finish in (("review/", True), ("1/", False)):
        small, large = attempt_at(small_quiz, student, finish=finish), attempt_at(quiz, student, finish=finish)
        queries(client, f"/attempts/{small.pk}/{page}")  # warm Django's caches
        assert queries(client, f"/attempts/{large.pk}/{page}") == queries(client, f"/attempts/{small.pk}/{page}"), page
    counts = {"home": queries(client, "/"), "quiz": queries(client, f"/quizzes/{quiz.key}/")}
    for key in ("more-1", "more-2", "more-3"):
        attempt_at(make_quiz(key, count=3), student, finish=True)
    attempt_at(quiz, student, finish=True)
    assert {"home": queries(client, "/"), "quiz": queries(client, f"/quizzes/{quiz.key}/")} == counts


def test_a_stored_save_costs_four_queries(client, setup):
    """The exam-day hot path: session, user, the snapshot (ownership) and one conditional UPDATE."""
    quiz, _ = setup
    attempt = start(client, quiz)
    r = attempt.responses.get(position=1)
    with CaptureQueriesContext(connection) as captured:
        assert save(client, attempt, 1, right_answer(r.snapshot, r.attempt_id), 1).json()["status"] == "saved"
    statements = [q["sql"].split()[0].upper() for q in captured.captured_queries]
    assert statements == ["SELECT", "SELECT", "SELECT", "UPDATE"], captured.captured_queries
