"""The admin import: upload, a preview listing every problem, then confirm; bad files get form errors."""

import io
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from apps.questions.models import Question

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).parent / "samples"
URL = "/admin/questions/question/import/"


def upload(client, name, content, **fields):
    return client.post(URL, {"file": SimpleUploadedFile(name, content), **fields})


def test_upload_preview_then_confirm_creates_drafts(client, instructor):
    assert URL in client.get("/admin/questions/question/").text  # linked from the question list
    preview = upload(client, "features.gift", (SAMPLES / "features.gift").read_bytes())
    assert preview.status_code == 200
    html = preview.text
    assert Question.objects.count() == 0  # nothing written yet
    skipped = html.split('id="import-skipped"', 1)[1].split("</table>", 1)[0]
    assert "<td>30</td><td>essay</td>" in skipped and "<td>32</td><td>matching</td>" in skipped
    created = html.split('id="import-created"', 1)[1].split("</table>", 1)[0]
    assert "cam-gap" in created and "xai/cam" in created and "partial credit 50 %" in created
    confirm = client.post(URL, {**preview.context["confirm"].initial, "confirm": "1"})
    assert confirm.status_code == 302 and "status__exact=draft" in confirm["Location"]
    assert Question.objects.count() == 8
    assert set(Question.objects.values_list("status", flat=True)) == {"draft"}
    assert Question.objects.get(key="cam-gap").topic.slug == "xai/cam"


def test_topic_override(client, instructor):
    call_command("load_bank", stdout=io.StringIO())
    preview = upload(client, "good.aiken", (SAMPLES / "good.aiken").read_bytes(), format="aiken", topic="xai/cam")
    assert preview.status_code == 200
    client.post(URL, {**preview.context["confirm"].initial, "confirm": "1"})
    assert Question.objects.filter(key__startswith="aiken-", topic__slug="xai/cam").count() == 2


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bomb.xml", b'<!DOCTYPE q [<!ENTITY a "aaaa">]><quiz>&a;</quiz>', "declares entities"),
        ("broken.xml", b"<quiz><question>", "not well-formed XML"),
        ("latin1.gift", "::a::caf\xe9 {T}".encode("latin-1"), "not UTF-8"),
        ("notes.doc", b"whatever", "파일 이름으로는 알 수 없습니다"),
        ("empty.gift", b"// nothing but a comment\n", "파일에 문항이 없습니다"),
    ],
)
def test_bad_files_get_form_errors_and_write_nothing(client, instructor, name, content, message):
    response = upload(client, name, content)
    assert response.status_code == 400
    assert message in response.text and 'id="import-form"' in response.text
    assert Question.objects.count() == 0


def test_a_damaged_confirmation_is_refused(client, instructor):
    response = client.post(URL, {"content": "***", "format": "gift", "confirm": "1"})
    assert response.status_code == 400 and "파일을 다시 올리세요" in response.text
    assert Question.objects.count() == 0


def test_import_needs_the_add_permission(client):
    user = get_user_model().objects.create_user("viewer", password="pw-123456!", is_staff=True)
    client.force_login(user)
    assert client.get(URL).status_code == 403


def test_export_action_downloads_the_selected_questions(client, instructor):
    call_command("load_bank", stdout=io.StringIO())
    ids = list(Question.objects.filter(type="single").values_list("pk", flat=True)[:3])
    response = client.post(
        "/admin/questions/question/", {"action": "export_moodle_xml", "_selected_action": [str(i) for i in ids]}
    )
    assert response.status_code == 200 and response["Content-Disposition"].endswith('questions.xml"')
    body = response.content.decode()
    assert body.count('<question type="multichoice">') == 3
