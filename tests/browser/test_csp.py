"""The strict Content-Security-Policy leaves every script working: the page fixture fails a test on
any CSP violation in the console, and these pages run third-party bundles (Swagger UI, KaTeX)."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_api_docs_render_from_vendored_swagger_ui_under_the_csp(page, transactional_db):
    response = page.goto("/api/docs")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("QuizLab demos API")
    expect(page.locator(".opblock-tag-section").first).to_be_visible()


def test_a_csp_violation_is_seen_by_the_page_fixture(context, transactional_db):
    """The guard itself: an inline script is refused, and the console says so."""
    page = context.new_page()
    messages: list[str] = []
    page.on("console", lambda msg: messages.append(msg.text))
    page.goto("/en/")
    page.evaluate("() => { const s = document.createElement('script'); s.textContent = '1'; document.body.append(s); }")
    page.wait_for_timeout(200)
    assert any("Content Security Policy" in text for text in messages), messages
