"""The sequence demos driven in chromium, in Korean and in English: a learner types or picks an
input, submits, and reads the result; a bad input shows the server's message in the page's language."""

import re

import pytest
from playwright.sync_api import expect

from apps.demos.engines import embeddings, rnn
from apps.demos.engines.lm import MLM_SPEC
from apps.demos.training import ensure_trained

pytestmark = pytest.mark.browser
LANGS = pytest.mark.parametrize("lang", ["ko", "en"])
PREFIX = {"ko": "", "en": "/en"}


@pytest.fixture(scope="session")
def sequence_models():
    return [ensure_trained(spec, echo=None) for spec in (embeddings.SPEC, rnn.SPEC, MLM_SPEC)]


def submit(page):
    page.locator("#main form.demo-form button[type=submit]").click()


@LANGS
def test_embeddings_neighbours_analogy_and_an_unknown_word(page, transactional_db, sequence_models, lang):
    page.goto(f"{PREFIX[lang]}/demos/embeddings/")
    page.locator("#id_word").fill("Seoul")
    page.locator("#id_a").fill("walked")
    page.locator("#id_b").fill("walk")
    page.locator("#id_c").fill("swim")
    page.locator("#id_split").fill("tokenizer")
    submit(page)

    expect(page.locator("#result h2").first).to_contain_text("“seoul”")
    for n in (1, 2):
        expect(page.locator(f"#neighbours-{n} tbody tr")).to_have_count(8)
        expect(page.locator(f"#analogy-{n} tbody tr").first.locator("th")).to_have_text("swam")
    expect(page.locator("#subword-pieces li").first).to_have_text("to")
    expect(page).to_have_url(re.compile(r"word=Seoul.*split=tokenizer"))

    page.locator("#id_word").fill("xylophone")
    submit(page)
    alert = page.locator("#result [role=alert]")
    expected = {"ko": "“xylophone”는 이 모델들이 학습한 단어", "en": "“xylophone” is not one of the"}[lang]
    expect(alert).to_contain_text(expected)
    expect(page.locator("#neighbours-1")).to_have_count(0)


@LANGS
def test_attention_for_a_typed_sentence_and_a_head_out_of_range(page, transactional_db, sequence_models, lang):
    page.goto(f"{PREFIX[lang]}/demos/attention/")
    page.locator("#id_text").fill("The list is sorted in place.")
    page.locator("#id_layer").fill("2")
    page.locator("#id_query").fill("3")
    submit(page)

    tables = page.locator("#result .attention-maps").first.locator("table.heat-table")
    expect(tables.first.locator("tbody tr")).to_have_count(tables.first.locator("thead th").count() - 1)
    expect(page.locator("#result table.heat-table.chosen caption")).to_contain_text("2")
    heading = {"ko": "쿼리 3(", "en": "for query 3 ("}[lang]
    expect(page.locator("#result h2").last).to_contain_text(heading)

    page.locator("#id_head").fill("9")
    submit(page)
    expected = {"ko": "까지의 정수를 입력하세요", "en": "Enter a whole number from 1 to"}[lang]
    expect(page.locator("#result [role=alert]")).to_contain_text(expected)


@LANGS
def test_rnn_length_choice_and_an_untrained_length(page, transactional_db, sequence_models, lang):
    page.goto(f"{PREFIX[lang]}/demos/rnn/")
    page.locator("#id_length").select_option("20")
    submit(page)
    title = {"ko": "길이 20에서", "en": "for length 20"}[lang]
    expect(page.locator("#rnn-profile title")).to_contain_text(title)
    expect(page.locator("#rnn-table tbody tr")).to_have_count(3)
    expect(page).to_have_url(re.compile(r"length=20"))

    # a hand-edited form (or address) asking for a length that was never trained
    page.locator("#id_length").evaluate("s => { s.add(new Option('30', '30')); s.value = '30'; }")
    submit(page)
    expected = {"ko": "다음 중 하나를 고르세요: 5, 20, 50.", "en": "Choose one of: 5, 20, 50."}[lang]
    expect(page.locator("#result [role=alert]")).to_have_text(expected)
    expect(page.locator("#rnn-table")).to_have_count(0)
