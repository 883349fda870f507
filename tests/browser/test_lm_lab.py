"""The language-model lab, driven in chromium: fill in [MASK]s; swap a word and watch the heat strip."""

import re

import pytest
from playwright.sync_api import expect

from apps.demos.engines.lm import ELECTRA_SPEC, MLM_SPEC
from apps.demos.training import ensure_trained

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def lm_models():
    return [ensure_trained(spec, echo=None) for spec in (MLM_SPEC, ELECTRA_SPEC)]


def test_typing_a_sentence_with_masks_shows_the_guesses(page, transactional_db, lm_models):
    page.goto("/en/demos/mlm/")
    page.get_by_role("textbox", name="Sentence").fill("Return [MASK] copy of the [mask].")
    page.get_by_role("button", name="Fill in").click()

    guesses = page.locator(".mask-guess")
    expect(guesses).to_have_count(2)
    expect(guesses.first.locator("h3")).to_contain_text("[MASK] 1")
    expect(guesses.first.locator("li")).to_have_count(5)
    top = guesses.first.locator("li.top .d").inner_text()
    expect(page.locator(".lm-filled .tok-guess").first).to_have_text(top)
    expect(page).to_have_url(re.compile(r"text=Return(\+|%20)%5BMASK%5D(\+|%20)copy"))

    page.get_by_role("textbox", name="Sentence").fill("No mask in this one.")
    page.get_by_role("button", name="Fill in").click()
    expect(page.locator("#result [role=alert]")).to_have_text(
        "Put at least one [MASK] where the model should fill in a word."
    )
    expect(page.locator(".mask-guess")).to_have_count(0)


def test_swapping_a_word_with_the_keyboard_rechecks_the_sentence(page, transactional_db, lm_models):
    page.goto("/en/demos/electra/?text=A+class+definition+is+an+executable+statement.")
    strip = page.locator(".heat-strip")
    expect(strip.locator("button.heat-tok")).to_have_count(8)

    word = strip.get_by_role("button", name=re.compile(r"^statement, \d+% replaced"))
    word.focus()
    page.keyboard.press("Enter")
    editor = page.locator("#swap-editor")
    expect(editor).to_be_visible()
    expect(editor.locator("[data-slot=word]")).to_have_text("statement")
    expect(page.locator("#swap-word")).to_be_focused()
    page.keyboard.type("loop")
    page.keyboard.press("Enter")

    expect(page.get_by_role("textbox", name="Sentence")).to_have_value("A class definition is an executable loop.")
    expect(page.locator(".swap-summary")).to_contain_text("You replaced “statement” with “loop”")
    swapped = page.locator(".heat-tok.is-swapped")
    expect(swapped).to_have_text("loop")
    expect(swapped).to_be_focused()
    expect(swapped).to_have_attribute("style", re.compile(r"background: #[0-9a-f]{6}"))

    # A picked suggestion works with the mouse too; Escape would have closed the editor.
    strip.locator("button.heat-tok").first.click()
    page.locator("[data-swap-word=never]").click()
    expect(page.get_by_role("textbox", name="Sentence")).to_have_value("never class definition is an executable loop.")
    expect(page.locator(".heat-tok.is-swapped")).to_have_text("never")

    # A word the corpus never uses is read as WordPiece pieces, listed under it.
    strip.locator("button.heat-tok").first.click()
    page.locator("[data-swap-word=banana]").click()
    expect(page.get_by_role("textbox", name="Sentence")).to_have_value("banana class definition is an executable loop.")
    cell = page.locator(".heat-cell").filter(has=page.locator(".heat-tok.is-swapped"))
    expect(cell.locator(".heat-tok")).to_have_text("banana")
    expect(cell.locator(".heat-pieces span").first).to_contain_text(re.compile(r"^b\w* \d+%$"))
    expect(page.locator(".heat-pieces")).to_have_count(1)


def test_the_generator_corrupts_the_sentence(page, transactional_db, lm_models):
    page.goto("/en/demos/electra/?text=At+most+one+double+star+pattern+may+be+in+a+mapping+pattern.")
    page.get_by_label("Generator seed").fill("1")
    page.get_by_role("button", name="Let the generator corrupt it").click()
    expect(page.locator("#result")).to_contain_text(re.compile(r"The generator replaced \d+ of 13 tokens \(seed 1\)"))
    expect(page.locator(".heat-cell.is-replaced .heat-was").first).to_contain_text("was “")
    expect(page).to_have_url(re.compile(r"corrupt=1"))
