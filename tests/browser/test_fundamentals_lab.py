"""The fundamentals lab, driven in chromium: a learner turns the knobs and reads what changes."""

import re

import pytest
from playwright.sync_api import expect

from apps.demos.engines.fundamentals import TRAIN_SPECS
from apps.demos.training import ensure_trained

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def lab_models():
    return [ensure_trained(spec, echo=None) for spec in TRAIN_SPECS]


def shot(page, shots_dir, name):
    if shots_dir:
        page.screenshot(path=f"{shots_dir}/{name}.png", full_page=True)


def test_raising_the_degree_turns_a_good_fit_into_an_overfit(page, transactional_db, lab_models, shots_dir):
    page.goto("/en/demos/fitting/?points=20&seed=3")
    expect(page.locator("#result h2").first).to_have_text("Degree 3: good fit")
    page.get_by_label("Degree shown").fill("12")
    page.get_by_role("button", name="Fit").click()
    expect(page.locator("#result h2").first).to_have_text("Degree 12: overfit")
    expect(page).to_have_url(re.compile(r"degree=12"))
    expect(page.locator("#poly-table tr[data-regime=overfit]").first).to_be_visible()
    page.get_by_label("L2 regularisation").check()
    expect(page.locator("#remedy-summary")).to_contain_text("L2 regularisation")
    shot(page, shots_dir, "fitting-en")

    # The form's min/max stop a click; a hand-edited address reaches the server, which says why.
    page.goto("/en/demos/fitting/?points=3")
    expect(page.locator("#result [role=alert]")).to_have_text("Enter a whole number from 8 to 500.")
    expect(page.get_by_label("Training points")).to_have_attribute("aria-invalid", "true")


def test_korean_fitting_page(page, transactional_db, lab_models, shots_dir):
    page.goto("/demos/fitting/?degree=1")
    expect(page.locator("#result h2").first).to_have_text("차수 1: 과소적합")
    page.get_by_label("학습 점 개수").fill("200")
    page.get_by_role("button", name="맞추기").click()
    expect(page).to_have_url(re.compile(r"points=200"))
    page.goto("/demos/fitting/?noise=9")
    expect(page.locator("#result [role=alert]")).to_have_text("0부터 1.5까지의 수를 입력하세요.")
    shot(page, shots_dir, "fitting-ko")


def test_the_perceptron_fails_xor_and_the_mlp_solves_it(page, transactional_db, shots_dir):
    page.goto("/en/demos/perceptron/")
    row = page.locator("#gate-accuracy tr", has_text="XOR")
    expect(row.locator("[data-model=mlp]")).to_have_text("100%")
    perceptron = row.locator("[data-model=perceptron]")
    expect(perceptron).to_have_text(re.compile(r"^(0|25|50|75)%$"))
    expect(page.locator("#result")).to_contain_text("Still wrong after 20 epochs")
    page.get_by_label("AND").check()
    expect(page.locator("#result")).to_contain_text(re.compile(r"Converged after \d+ epochs?"))
    expect(page.locator(".plane .pt.wrong")).to_have_count(0)
    # Step back to the initial weights: the line has not learnt AND yet.
    page.get_by_label("Perceptron after epoch (empty: the last)").fill("0")
    page.get_by_role("button", name="Train").click()
    expect(page.locator("#perceptron-shown")).to_contain_text("After epoch 0 of")
    expect(page.locator(".plane .pt.wrong").first).to_be_visible()
    shot(page, shots_dir, "perceptron-en")
    page.goto("/demos/perceptron/?gate=xor&hidden=1")
    expect(page.locator("#result h2").first).to_have_text("게이트별 네 입력에 대한 정확도")
    expect(page.locator("#backprop-step")).to_contain_text("W1")


def test_a_shallow_surrogate_is_flagged_and_a_linear_one_is_not(page, transactional_db, lab_models, shots_dir):
    page.goto("/en/demos/regression/")
    expect(page.locator("#low-fidelity")).to_contain_text("fidelity")
    expect(page.locator("#outside-note")).to_contain_text("outside [0, 1]")
    page.get_by_label("Surrogate", exact=True).select_option("logistic")
    expect(page.locator("#low-fidelity")).to_have_count(0)
    expect(page.locator("#surrogate-table tr.chosen th")).to_have_text("logistic")
    shot(page, shots_dir, "regression-en")
    page.goto("/demos/regression/?threshold=0.2")
    expect(page.locator("#regression-table")).to_contain_text("재현율")


def test_the_five_stages_answer_for_a_chosen_digit(page, transactional_db, lab_models, shots_dir):
    page.goto("/en/demos/stages/")
    expect(page.locator("#stages-table tbody tr")).to_have_count(5)
    page.get_by_label("Test image (0–359)").fill("42")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#stages-table thead")).to_contain_text("Answer for image 42")
    expect(page).to_have_url(re.compile(r"sample=42"))
    shot(page, shots_dir, "stages-en")
    page.goto("/demos/stages/")
    expect(page.locator("#stages-table")).to_contain_text("규칙 기반")
    shot(page, shots_dir, "stages-ko")
