"""Playwright fixtures: one chromium per session, a fresh context (cookies, localStorage) per test.

The app runs in pytest-django's ``live_server`` thread over the real test database
(``transactional_db``), so what a test writes with the ORM the server sees, and the other way
round. Every test logs in through the real login form.
"""

from __future__ import annotations

import json
import os
import re

import pytest

from tests.conftest import CHROMIUM
from tests.questions.factories import load_small_bank, make_student

# Generous: the test machine has two cores shared with model training. Nothing asserts on time.
TIMEOUT_MS = 15_000
PASSWORD = "pw-123456!"  # tests.questions.factories.make_student's password
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def playwright_driver():
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver):
    chromium = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


@pytest.fixture
def new_context(browser, live_server):
    """Make a browser context on the live server; every one made is closed after the test."""
    made = []

    def make(**options):
        options.setdefault("base_url", live_server.url)
        options.setdefault("locale", "ko-KR")
        options.setdefault("timezone_id", "Asia/Seoul")
        options.setdefault("viewport", {"width": 1280, "height": 800})
        ctx = browser.new_context(**options)
        ctx.set_default_timeout(TIMEOUT_MS)
        ctx.set_default_navigation_timeout(TIMEOUT_MS)
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        ctx.close()


@pytest.fixture
def context(new_context):
    return new_context()


@pytest.fixture
def page(context):
    """A page whose uncaught script errors and Content-Security-Policy violations fail the test."""
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: "Content Security Policy" in msg.text and errors.append(msg.text))
    yield page
    assert not errors, f"uncaught errors or CSP violations in the page's scripts: {errors}"


@pytest.fixture
def bank(transactional_db, tmp_path):
    """The small bank: one question of each of the six types under topic xai/cam."""
    load_small_bank(tmp_path)


@pytest.fixture
def student(transactional_db):
    return make_student()


def log_in(page, user, *, next_url: str = "/en/") -> None:
    """Log in through the login form, as a student does, and land on ``next_url``."""
    response = page.goto(f"/en/accounts/login/?next={next_url}")
    assert response is not None and response.ok, f"login page: {response and response.status} {page.content()[:500]}"
    page.locator("#id_username").fill(user.get_username())
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#main form button[type=submit]").click()
    page.wait_for_url(re.compile(re.escape(next_url) + r"$"))


def start_quiz(page, quiz, *, lang: str = "en"):
    """Open the quiz page, press Start, and return the attempt the server made."""
    from playwright.sync_api import expect

    from apps.questions.models import Attempt

    prefix = "/en" if lang == "en" else ""
    page.goto(f"{prefix}/quizzes/{quiz.key}/")
    page.locator("#main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/attempts/\d+/1/$"))
    expect(page.locator("#attempt")).to_have_attribute("data-position", "1")
    attempt_id = int(re.search(r"/attempts/(\d+)/1/$", page.url).group(1))
    return Attempt.objects.get(pk=attempt_id)


def local_storage(page, key: str):
    raw = page.evaluate("key => window.localStorage.getItem(key)", key)
    return json.loads(raw) if raw else None


@pytest.fixture(scope="session")
def shots_dir():
    """Where layout tests leave screenshots for a person to look at (QUIZLAB_SHOTS_DIR), or None."""
    path = os.environ.get("QUIZLAB_SHOTS_DIR")
    if path:
        os.makedirs(path, exist_ok=True)
    return path
