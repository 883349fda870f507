"""What the attempt page serves for working offline: its service worker, and the answer file's key."""

import base64
import re

import pytest
from django.utils import timezone

from apps.questions import answer_files, services
from tests.questions.factories import load_small_bank, make_quiz, make_student

pytestmark = pytest.mark.django_db


def test_the_service_worker_is_served_from_the_root_and_never_cached(client):
    response = client.get("/attempt-sw.js")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"] and 'addEventListener("fetch"' in response.text
    assert client.post("/attempt-sw.js").status_code == 405


@pytest.mark.parametrize(("minutes", "offered"), [(30, True), (None, False)])
def test_a_timed_attempt_page_carries_the_public_key_and_its_token(client, tmp_path, answer_key, minutes, offered):
    load_small_bank(tmp_path)
    student = make_student()
    attempt = services.start_attempt(user=student, quiz=make_quiz(minutes=minutes), now=timezone.now())
    client.force_login(student)
    html = client.get(f"/en/attempts/{attempt.pk}/1/").text
    assert 'data-sw-url="/attempt-sw.js"' in html
    assert ('id="answer-file"' in html) is offered
    if offered:
        key = re.search(r'data-key="([^"]+)"', html).group(1)
        assert key == answer_files.public_key()[0] and b"PRIVATE" not in base64.b64decode(key)
        assert f'data-token="{answer_files.attempt_token(attempt.pk)}"' in html
        assert "js/answer_file.js" in html
    else:
        assert "data-token" not in html and "js/answer_file.js" not in html
