"""Sessions and users read on every request (quizsite/sessions.py, quizsite/auth.py) keep Django's
rules: an expired session, a deactivated account or a password changed elsewhere logs the
browser out at its next request."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

pytestmark = pytest.mark.django_db
PASSWORD = "right-pw-123456!"


@pytest.fixture
def student():
    return get_user_model().objects.create_user("jiwoo", password=PASSWORD)


def logged_in(student) -> Client:
    client = Client()
    assert client.post("/en/accounts/login/", {"username": "jiwoo", "password": PASSWORD}).status_code == 302
    assert client.get("/en/progress/").status_code == 200
    return client


def test_an_expired_session_is_logged_out(student):
    client = logged_in(student)
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert client.get("/en/progress/").status_code == 302


def test_a_deactivated_account_is_logged_out(student):
    client = logged_in(student)
    student.is_active = False
    student.save()
    assert client.get("/en/progress/").status_code == 302


def test_a_password_changed_elsewhere_logs_the_other_browsers_out(student):
    client = logged_in(student)
    student.set_password("another-pw-654321!")
    student.save()
    assert client.get("/en/progress/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_request_user_is_the_models_own(student):
    """Read on a plain cursor, the user still has real booleans and its dates load on demand,
    time zone and all; saving it writes only what was read."""
    from quizsite.auth import UserBackend

    logged_in(student)  # sets last_login
    user = UserBackend().get_user(student.pk)
    assert user.is_active is True and user.is_staff is False and user.username == "jiwoo"
    assert user.last_login == get_user_model().objects.get(pk=student.pk).last_login
    assert timezone.is_aware(user.last_login)
    user.first_name = "Jiwoo"
    user.save()
    assert get_user_model().objects.get(pk=student.pk).first_name == "Jiwoo"
    student.is_active = False
    student.save()
    assert UserBackend().get_user(student.pk) is None
