"""The home page in both languages, /healthz, the database settings, the admin's access rules."""

import io
import os
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.questions import services
from apps.questions.models import Question, Topic
from tests.questions.bankdata import all_types_bank, write
from tests.questions.factories import make_quiz, make_student

pytestmark = pytest.mark.django_db


@pytest.fixture
def bank(tmp_path):
    call_command("load_bank", str(write(tmp_path / "xai.yaml", all_types_bank())), stdout=io.StringIO())


def test_home_is_korean_by_default_and_english_at_en(client, bank):
    ko = client.get("/", headers={"accept-language": "en"})
    assert ko.status_code == 200
    assert '<html lang="ko">' in ko.text and "퀴즈" in ko.text and "설명 가능한 AI" in ko.text
    en = client.get("/en/")
    assert en.status_code == 200
    assert '<html lang="en">' in en.text and "Quizzes" in en.text and "Explainable AI" in en.text
    assert 'href="/en/"' in ko.text and 'href="/"' in en.text  # the switcher links to this page


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": {"status": "ok", "vendor": connection.vendor}}


def test_database_follows_database_url():
    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith("postgres") else "sqlite"
    assert connection.vendor == expected
    if expected == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT version()")
            assert "PostgreSQL" in cursor.fetchone()[0]


def test_anonymous_is_sent_to_the_admin_login(client):
    response = client.get("/admin/questions/question/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_plain_user_cannot_use_the_admin(client, bank):
    get_user_model().objects.create_user("student", password="pw-123456!")
    client.force_login(get_user_model().objects.get(username="student"))
    response = client.get("/admin/questions/question/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_instructor_manages_questions_but_is_not_superuser(client, bank, instructor):
    assert not instructor.is_superuser
    client.force_login(instructor)
    listing = client.get("/admin/questions/question/?type__exact=single&q=q-single")
    assert listing.status_code == 200 and "q-single" in listing.text and "q-multi" not in listing.text
    question = Question.objects.get(key="q-single")
    change = client.get(f"/admin/questions/question/{question.pk}/change/")
    assert change.status_code == 200 and "stem_ko" in change.text and "stem_en" in change.text
    preview = client.get(f"/admin/questions/question/{question.pk}/preview/")
    assert preview.status_code == 200 and "q-single 질문?" in preview.text and "q-single 질문? (en)" in preview.text
    assert client.get("/admin/auth/group/").status_code == 403  # not theirs to manage


def test_bulk_unpublish_and_publish(client, bank, instructor):
    client.force_login(instructor)
    keys = list(Question.objects.values_list("pk", flat=True))
    client.post("/admin/questions/question/", {"action": "unpublish", "_selected_action": keys})
    assert set(Question.objects.values_list("status", flat=True)) == {"draft"}
    client.post("/admin/questions/question/", {"action": "publish", "_selected_action": keys[:2]})
    assert Question.objects.filter(status="published").count() == 2


def test_admin_rejects_a_single_question_with_two_correct_choices(client, bank, instructor):
    client.force_login(instructor)
    q = Question.objects.get(key="q-single")
    choices = list(q.choices.all())
    data = {
        "key": q.key,
        "topic": q.topic_id,
        "type": "single",
        "difficulty": 2,
        "status": "published",
        "source": "",
        "stem_ko": "질문",
        "stem_en": "",
        "explanation_ko": "",
        "explanation_en": "",
        "answer": "null",
        "demo_slug": "",
        "demo_params": "{}",
        "choices-TOTAL_FORMS": len(choices),
        "choices-INITIAL_FORMS": len(choices),
        "choices-MIN_NUM_FORMS": 0,
        "choices-MAX_NUM_FORMS": 1000,
    }
    for i, c in enumerate(choices):
        data |= {
            f"choices-{i}-id": c.id,
            f"choices-{i}-question": q.id,
            f"choices-{i}-position": i,
            f"choices-{i}-text_ko": c.text_ko,
            f"choices-{i}-text_en": "",
            f"choices-{i}-feedback_ko": "",
            f"choices-{i}-feedback_en": "",
        }
    data["choices-0-is_correct"] = "on"
    data["choices-1-is_correct"] = "on"
    response = client.post(f"/admin/questions/question/{q.pk}/change/", data)
    assert response.status_code == 200 and "single needs exactly one correct choice, found 2" in response.text
    data.pop("choices-1-is_correct")
    response = client.post(f"/admin/questions/question/{q.pk}/change/", data)
    assert response.status_code == 302
    q.refresh_from_db()
    assert q.stem_ko == "질문" and q.version == 2


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_admin_pages_do_not_query_once_per_row(client, bank, instructor):
    """An attempt's responses show their question, topics their parent: fetched with the rows."""
    client.force_login(instructor)
    student, now = make_student(), timezone.now()
    short = services.start_attempt(user=student, quiz=make_quiz("short", count=2), now=now)
    long = services.start_attempt(user=student, quiz=make_quiz("long", count=6), now=now)
    page = "/admin/questions/attempt/{}/change/"
    queries(client, page.format(short.pk))  # warm Django's caches (content types)
    assert queries(client, page.format(long.pk)) == queries(client, page.format(short.pk))
    before = queries(client, "/admin/questions/topic/")
    parent = Topic.objects.get(slug="xai")
    for name in ("a", "b", "c"):
        Topic.objects.create(slug=f"xai/{name}", name_ko=name, parent=parent)
    assert queries(client, "/admin/questions/topic/") == before


def test_admin_question_list_makes_as_many_queries_for_many_questions(client, bank, instructor):
    client.force_login(instructor)
    queries(client, "/admin/questions/question/")  # warm Django's caches
    few = queries(client, "/admin/questions/question/")
    for n in range(10):
        Question.objects.create(
            key=f"more-{n}", topic=Topic.objects.get(slug="xai/cam"), type="true_false", stem_ko="?"
        )
    assert queries(client, "/admin/questions/question/") == few


def test_serving_refuses_to_start_without_a_secret_key_but_commands_run():
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE")}
    serving = subprocess.run([sys.executable, "-c", "import quizsite.wsgi"], env=env, capture_output=True, text=True)
    assert serving.returncode != 0 and "Set SECRET_KEY" in serving.stderr
    command = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"], env=env, capture_output=True, text=True
    )
    assert command.returncode == 0, command.stderr


def test_commands_and_the_urlconf_do_not_import_torch():
    """Every manage.py command runs the system checks, which import the URLconf and with it every
    demo's router; torch (seconds and ~180 MB per process) waits for a demo that runs a model."""
    script = (
        "import sys, django; django.setup()\n"
        "from django.core.management import call_command; call_command('check')\n"
        "assert 'torch' not in sys.modules, 'the URLconf imported torch'\n"
        "from apps.demos.engines.lm.fill_mask import fill_mask\n"
        "from apps.demos.engines import lm\n"
        "assert lm.fill_mask is fill_mask, lm.fill_mask  # the function, not its submodule\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
