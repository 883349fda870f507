"""Login throttling (django-axes) on the site and admin logins, and a per-address signup limit."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client

PASSWORD = "right-pw-123456!"


@pytest.fixture
def user(db):
    return get_user_model().objects.create_user("minji", password=PASSWORD)


def log_in(client, password, path="/en/accounts/login/", username="minji"):
    return client.post(path, {"username": username, "password": password})


def test_ten_wrong_passwords_lock_the_account_and_the_right_one_is_refused(user):
    client = Client()
    for _ in range(9):
        assert log_in(client, "wrong").status_code == 200  # the form again, with its error
    locked = log_in(client, "wrong")
    assert locked.status_code == 429
    right = log_in(client, PASSWORD)
    assert right.status_code == 429
    assert "Login is locked after 10 wrong passwords" in right.content.decode()
    assert "15 minutes" in right.content.decode()
    assert "_auth_user_id" not in client.session
    korean = log_in(Client(), PASSWORD, path="/accounts/login/").content.decode()  # per username, any address
    assert "잘못된 비밀번호" in korean


def test_one_address_is_locked_across_usernames(user):
    client = Client(REMOTE_ADDR="203.0.113.5")
    for n in range(10):
        log_in(client, "wrong", username=f"guess{n}")
    assert log_in(client, PASSWORD).status_code == 429
    assert log_in(Client(REMOTE_ADDR="203.0.113.6"), PASSWORD).status_code == 302  # another address logs in


def test_the_admin_login_is_throttled_too(user):
    client = Client()
    for _ in range(10):
        log_in(client, "wrong", path="/admin/login/")
    assert log_in(client, PASSWORD, path="/admin/login/").status_code == 429


def test_an_admin_unlocks_by_deleting_the_access_attempts(user, admin_client):
    for _ in range(10):
        log_in(Client(), "wrong")
    attempts = AccessAttempt.objects.filter(username="minji")
    assert attempts.exists()
    listing = admin_client.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200 and "minji" in listing.content.decode()
    admin_client.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": [a.pk for a in attempts], "post": "yes"},
    )
    assert not AccessAttempt.objects.filter(username="minji").exists()
    assert log_in(Client(), PASSWORD).status_code == 302


def test_signups_per_address_are_limited(db, settings):
    settings.QUIZLAB = {**settings.QUIZLAB, "SIGNUPS_PER_HOUR": 3}
    cache.clear()
    client = Client(REMOTE_ADDR="198.51.100.7")
    for n in range(3):
        form = {"username": f"new{n}", "password1": "pw-Long-enough-1", "password2": "pw-Long-enough-1"}
        assert client.post("/en/accounts/signup/", form).status_code == 302
        client.logout()
    refused = client.post(
        "/en/accounts/signup/", {"username": "new9", "password1": "pw-Long-enough-1", "password2": "pw-Long-enough-1"}
    )
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) <= 3601
    assert "Too many accounts were created from your address" in refused.content.decode()
    assert not get_user_model().objects.filter(username="new9").exists()
    cache.clear()
