"""Review and pools: exam-only questions never reach practice, so practising cannot reveal an
exam's keys; the flag travels through the bank's YAML."""

import io
import re
from datetime import timedelta

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from apps.questions import services
from apps.questions.models import Question
from tests.questions.bankdata import all_types_bank, write
from tests.questions.factories import make_quiz, make_student

pytestmark = pytest.mark.django_db


@pytest.fixture
def bank(tmp_path):
    """The six-question xai bank with half of it kept for exams, loaded from YAML."""
    data = all_types_bank()
    for entry in data["questions"][::2]:
        entry["exam_only"] = True
    call_command("load_bank", str(write(tmp_path / "xai.yaml", data)), stdout=io.StringIO())
    return set(Question.objects.filter(exam_only=True).values_list("pk", flat=True))


def drawn(quiz) -> set[int]:
    attempt = services.start_attempt(user=make_student(f"s-{quiz.key}"), quiz=quiz, now=timezone.now())
    return set(attempt.responses.values_list("question_id", flat=True))


def test_practice_never_draws_exam_only_questions_and_exams_do(bank):
    assert len(bank) == 3
    practice = drawn(make_quiz("practice", mode="practice", count=6))
    assert practice and not practice & bank
    assert bank <= drawn(make_quiz("mock", mode="exam", count=6))


def test_a_fixed_exam_only_slot_is_skipped_in_practice(bank):
    quiz = make_quiz("practice", mode="practice", count=1)
    quiz.slots.all().delete()
    quiz.slots.create(position=0, question_id=min(bank))
    with pytest.raises(services.NotAllowed):  # nothing left to practise
        drawn(quiz)


def test_exam_only_round_trips_through_the_bank_files(bank, tmp_path):
    call_command("export_bank", "--out", str(tmp_path / "out"), stdout=io.StringIO())
    exported = [
        q
        for path in (tmp_path / "out").rglob("*.yaml")
        for q in (yaml.safe_load(path.read_text()) or {}).get("questions", [])
    ]
    assert sum(1 for q in exported if q.get("exam_only") is True) == 3
    assert all("exam_only" not in q for q in exported if not q.get("exam_only"))


def test_the_loader_refuses_a_non_boolean_flag(tmp_path):
    data = all_types_bank()
    data["questions"][0]["exam_only"] = "yes"
    out = io.StringIO()
    with pytest.raises(CommandError, match="nothing was loaded"):
        call_command("load_bank", str(write(tmp_path / "xai.yaml", data)), stdout=out, stderr=out)
    assert "exam_only must be true or false" in out.getvalue()


def test_a_draft_quiz_is_invisible_and_unstartable_for_students(bank, client):
    draft = make_quiz("draft-exam", published=False)
    client.force_login(make_student("learner"))
    assert "draft-exam" not in client.get("/en/").content.decode()
    assert client.get("/en/quizzes/draft-exam/").status_code == 404
    assert client.post("/quizzes/draft-exam/start/").status_code == 404
    assert not draft.attempts.exists()
    draft.published = True
    draft.save()
    assert "draft-exam" in client.get("/en/").content.decode()
    assert client.post("/quizzes/draft-exam/start/").status_code == 302


def test_staff_preview_drafts_and_the_admin_adds_quizzes_as_drafts(bank, admin_client):
    make_quiz("draft-exam", published=False)
    assert admin_client.get("/en/quizzes/draft-exam/").status_code == 200
    form = admin_client.get("/admin/questions/quiz/add/").content.decode()
    box = re.search(r'<input[^>]*name="published"[^>]*>', form).group(0)
    assert "checked" not in box
    assert "checked" in re.search(r'<input[^>]*name="shuffle_questions"[^>]*>', form).group(0)  # the check can fail


def test_a_closed_book_quiz_closes_the_demos_while_the_attempt_is_open(bank, client):
    student = make_student("examinee")
    client.force_login(student)
    quiz = make_quiz("closed", closed_book=True)
    assert client.get("/en/demos/masking/").status_code == 200
    attempt = services.start_attempt(user=student, quiz=quiz, now=timezone.now())
    page = client.get("/en/demos/masking/")
    assert page.status_code == 403
    assert "closed-book" in page.content.decode()
    api = client.get("/api/demos/masking/", {"text": "x"})
    assert api.status_code == 403 and "closed-book" in api.json()["detail"]
    assert Client().get("/en/demos/masking/").status_code == 200  # everyone else still uses them
    services.submit(attempt, now=timezone.now())
    assert client.get("/en/demos/masking/").status_code == 200


@pytest.mark.parametrize("marks", ["never", "after_close"])
def test_withheld_marks_leave_out_score_pass_and_per_topic_figures(bank, client, marks):
    student = make_student("marked")
    client.force_login(student)
    quiz = make_quiz("graded", review="never", marks=marks)  # after_close with no close date: never
    attempt = services.start_attempt(user=student, quiz=quiz, now=timezone.now())
    services.submit(attempt, now=timezone.now())
    page = client.get(f"/en/attempts/{attempt.pk}/review/").content.decode()
    assert "marks-withheld" in page
    for leak in ("score-line", "breakdown", "Not passed", "Passed"):
        assert leak not in page
    detail = client.get("/en/quizzes/graded/").content.decode()
    assert "Grade:" not in detail and "% (0" not in detail  # no grade, no per-attempt score
    quiz.close_at = timezone.now() - timedelta(minutes=1)
    quiz.save()
    after = client.get(f"/en/attempts/{attempt.pk}/review/").content.decode()
    assert ("score-line" in after) is (marks == "after_close")
    assert ("% (0" in client.get("/en/quizzes/graded/").content.decode()) is (marks == "after_close")
