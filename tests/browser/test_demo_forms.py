"""Demo forms show the server's 400 message in place when submitted through htmx."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_masking_form_error_appears_in_place(page, transactional_db):
    page.goto("/en/demos/masking/?scheme=bert")
    page.locator("#id_text").fill("word " * 300)
    page.get_by_role("button", name="Apply").click()
    expect(page.locator("#result .message.error")).to_contain_text("256")
    page.locator("#id_text").fill("the model reads the sentence")
    page.get_by_role("button", name="Apply").click()
    expect(page.locator("#result .message.error")).to_have_count(0)
    expect(page.locator("#result .aligned")).to_be_visible()
