"""axe-core (shipped inside axe-playwright-python) on every page a student or a visitor sees, in
Korean and English: WCAG 2.0/2.1/2.2 A and AA rules plus target-size, 0 violations.

axe's script is injected with ``page.evaluate``, which the site's Content-Security-Policy does not
govern, so the pages run under their real CSP (the ``page`` fixture fails on any CSP violation).
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from apps.demos.manifest import DEMOS
from tests.browser.conftest import PASSWORD, log_in, start_quiz
from tests.questions.factories import make_instructor, make_quiz

pytestmark = pytest.mark.browser

AXE = Axe()
RULES = {"resultTypes": ["violations"], "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
         "rules": {"target-size": {"enabled": True}}}  # fmt: skip
PHONE = {"width": 390, "height": 844}


def violations(page) -> list[str]:
    """The rule ids axe finds on the page as shown now, each with how many nodes break it and the first."""
    page.wait_for_load_state("networkidle")
    result = AXE.run(page, options=RULES).response
    return [f"{v['id']}×{len(v['nodes'])} (first: {v['nodes'][0]['target']})" for v in result["violations"]]


def scan(page, found: dict[str, list[str]], url: str | None = None) -> None:
    if url is not None:
        response = page.goto(url)
        assert response is not None and response.ok, f"{url}: {response and response.status}"
    if broken := violations(page):
        found[page.url] = broken


def demo_urls(prefix: str) -> list[str]:
    with translation.override("en"):
        return [prefix + reverse(f"demo-{d.slug}").removeprefix("/en") for d in DEMOS]


def assert_clean(found: dict[str, list[str]]) -> None:
    assert not found, "axe violations:\n" + "\n".join(f"{url}: {', '.join(ids)}" for url, ids in found.items())


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_page_has_no_axe_violations(bank, student, page, lang):
    prefix = "/en" if lang == "en" else ""
    found: dict[str, list[str]] = {}
    scan(page, found, "/admin/login/")  # the admin has no language prefix
    quiz = make_quiz("a11y", minutes=30)
    log_in(page, student, next_url=f"{prefix}/")
    scan(page, found)
    scan(page, found, f"{prefix}/quizzes/{quiz.key}/")
    attempt = start_quiz(page, quiz, lang=lang)
    for position in range(1, attempt.responses.count() + 1):  # one question of each type
        scan(page, found, f"{prefix}/attempts/{attempt.pk}/{position}/")
    scan(page, found, f"{prefix}/attempts/{attempt.pk}/summary/")
    page.on("dialog", lambda dialog: dialog.accept())
    page.locator("#submit-button").click()
    page.wait_for_url(re.compile(r"/review/$"))
    expect(page.locator(".review-item").first).to_be_visible()
    scan(page, found)
    scan(page, found, f"{prefix}/study/")
    scan(page, found, f"{prefix}/progress/")
    scan(page, found, f"{prefix}/demos/")
    for url in demo_urls(prefix):
        scan(page, found, url)
    assert_clean(found)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_phone_attempt_and_demo_pages_have_no_axe_violations(bank, student, new_context, lang):
    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    prefix = "/en" if lang == "en" else ""
    found: dict[str, list[str]] = {}
    quiz = make_quiz("a11y-phone", minutes=30)
    log_in(page, student, next_url=f"{prefix}/quizzes/{quiz.key}/")
    attempt = start_quiz(page, quiz, lang=lang)
    for position in range(1, attempt.responses.count() + 1):
        scan(page, found, f"{prefix}/attempts/{attempt.pk}/{position}/")
    scan(page, found, f"{prefix}/demos/")
    for url in demo_urls(prefix):
        scan(page, found, url)
    assert_clean(found)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_demo_results_swapped_in_by_htmx_and_error_states_have_no_axe_violations(page, lang):
    """What a learner sees after pressing the form's button (the result panel htmx swaps in) and
    after sending a value the demo refuses (the page with its localised error), for every demo."""
    from tests.demos.test_demo_errors import INVALID

    prefix = "/en" if lang == "en" else ""
    found: dict[str, list[str]] = {}
    for demo, url in zip(DEMOS, demo_urls(prefix), strict=True):
        page.goto(url)
        page.evaluate(
            "document.body.addEventListener('htmx:afterSettle', () => { window.settled = true }, {once: true})"
        )
        page.locator("form.demo-form button[type=submit]").first.click()
        page.wait_for_function("() => window.settled === true")
        scan(page, found)
        query, _ = INVALID[demo.slug][0]
        response = page.goto(f"{url}?{urlencode(query)}")
        assert response is not None and response.status == 400, f"{demo.slug} {query}: {response and response.status}"
        expect(page.locator("[role=alert]").first).to_be_visible()
        scan(page, found)
    assert_clean(found)


@pytest.mark.parametrize("locale", ["ko-KR", "en-US"])
def test_admin_login_and_instructor_pages_have_no_axe_violations(bank, new_context, locale):
    """The admin speaks the browser's language (it has no /en/ prefix): its login, the lists and
    forms instructors work in, and the pages QuizLab adds (question preview, import, item analysis)."""
    from apps.questions.models import Question

    page = new_context(locale=locale).new_page()
    found: dict[str, list[str]] = {}
    scan(page, found, "/admin/login/")
    make_instructor("teacher")
    page.locator("#id_username").fill("teacher")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/$"))
    quiz = make_quiz("a11y-admin", minutes=30)
    scan(page, found, reverse("admin:index"))
    scan(page, found, reverse("admin:questions_question_changelist"))
    scan(page, found, reverse("admin:questions_question_change", args=[Question.objects.first().pk]))
    scan(page, found, reverse("admin:questions_quiz_changelist"))
    scan(page, found, reverse("admin:questions_quiz_change", args=[quiz.pk]))
    scan(page, found, reverse("admin:questions_question_preview", args=[Question.objects.first().pk]))
    scan(page, found, reverse("admin:questions_question_import"))
    scan(page, found, reverse("admin:questions_quiz_statistics", args=[quiz.pk]))
    assert_clean(found)
