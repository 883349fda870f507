"""The admin's recovery page: an instructor uploads a student's encrypted answer file."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.questions import services
from apps.questions.models import AnswerRecovery
from tests.questions.factories import load_small_bank, make_quiz, make_student, right_answer
from tests.questions.sealing import seal

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_attempt(tmp_path, answer_key):
    """An attempt whose time ran out 20 minutes ago with nothing saved."""
    load_small_bank(tmp_path)
    started = timezone.now() - timedelta(minutes=30)
    attempt = services.start_attempt(user=make_student(), quiz=make_quiz(minutes=10), now=started)
    return services.sync_state(attempt, now=timezone.now())


def url(attempt) -> str:
    return f"/admin/questions/attempt/{attempt.pk}/recover/"


def upload(client, attempt, content: bytes):
    return client.post(url(attempt), {"file": SimpleUploadedFile("answers.json", content)})


def test_an_instructor_recovers_an_attempt_and_sees_what_happened(client, instructor, closed_attempt):
    attempt = closed_attempt
    assert attempt.score == 0
    assert url(attempt) in client.get(f"/admin/questions/attempt/{attempt.pk}/change/").text
    assert client.get(url(attempt)).status_code == 200
    single = attempt.responses.get(snapshot__type="single")
    made = attempt.deadline - timedelta(minutes=1)
    data = seal(attempt.pk, [{
        "position": single.position, "answer": right_answer(single.snapshot, attempt.pk), "seq": 3,
        "at": int(made.timestamp() * 1000),
    }])  # fmt: skip

    response = upload(client, attempt, data)
    assert response.status_code == 302 and response["Location"].endswith(f"/attempt/{attempt.pk}/change/")
    attempt.refresh_from_db()
    assert attempt.score == 1
    done = AnswerRecovery.objects.get(attempt=attempt)
    assert done.recovered_by == instructor and done.applied == 1 and done.rejected == 0
    page = client.get(response["Location"]).text  # the admin speaks Korean, the site's first language
    assert "1개 반영, 0개 미반영" in page and f"{single.position}: 반영됨 (seq 3" in page


def test_a_bad_file_is_a_form_error_and_changes_nothing(client, instructor, closed_attempt):
    before = list(closed_attempt.responses.values_list("answer", "seq"))
    response = upload(client, closed_attempt, b"this is not an answer file")
    assert response.status_code == 400 and "QuizLab 답안 파일이 아닙니다." in response.text
    other = services.start_attempt(user=make_student("other"), quiz=closed_attempt.quiz, now=timezone.now())
    response = upload(client, closed_attempt, seal(other.pk, []))
    assert response.status_code == 400 and f"응시 {other.pk}의 것입니다" in response.text
    assert list(closed_attempt.responses.values_list("answer", "seq")) == before
    assert not AnswerRecovery.objects.exists()


def test_only_those_allowed_to_recover_may_open_the_page(client, closed_attempt):
    staff = get_user_model().objects.create_user("assistant", password="pw-123456!", is_staff=True)
    client.force_login(staff)
    assert client.get(url(closed_attempt)).status_code == 403
    assert upload(client, closed_attempt, b"{}").status_code == 403
    client.force_login(make_student("student2"))
    assert client.get(url(closed_attempt)).status_code == 302  # to the admin login
