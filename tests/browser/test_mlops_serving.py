"""The MLOps lab and the serving demo, driven in chromium as a learner would."""

import re

import pytest
from playwright.sync_api import expect

from apps.demos.engines.mlops import TRAIN_SPECS
from apps.demos.training import ensure_trained

pytestmark = pytest.mark.browser


def test_changing_the_scenario_redraws_the_chart(page, transactional_db):
    page.goto("/en/demos/mlops/?level=1&scenario=none&days=12")
    chart = page.locator("#mlops-chart")
    expect(chart).to_have_attribute("data-scenario", "none")
    expect(chart.locator(".onset")).to_have_count(0)

    page.get_by_role("radio", name="Schema skew").check()

    expect(chart).to_have_attribute("data-scenario", "schema_skew")
    expect(page).to_have_url(re.compile(r"scenario=schema_skew"))
    expect(chart.locator(".onset")).to_have_count(1)
    expect(chart.locator("g.marker .mk-schema_skew_stopped")).to_have_count(8)  # days 5–12
    expect(page.locator(".event-list")).to_contain_text("Schema skew: pipeline stopped")

    page.get_by_role("radio", name="Level 0: manual process").check()
    expect(chart).to_have_attribute("data-level", "0")
    expect(chart.locator("g.marker")).to_have_count(0)


def test_picking_a_digit_shows_both_answers(page, transactional_db):
    (spec,) = TRAIN_SPECS
    ensure_trained(spec, echo=None)
    page.goto("/en/demos/serving/")
    maas = page.locator("#maas")
    expect(maas).to_have_attribute("data-state", "same")  # the first digit, on load

    page.get_by_role("radio", name="digit 7").check()

    expect(page).to_have_url(re.compile(r"sample=7"))
    expect(page.locator("#mis-digit")).to_have_text("7")
    expect(maas.locator('[data-slot="digit"]')).to_have_text("7")
    expect(maas).to_have_attribute("data-state", "same")
    expect(maas.locator('[data-slot="same"]')).to_be_visible()
    expect(maas.locator('[data-slot="different"]')).to_be_hidden()
    expect(maas.locator('[data-slot="ms"]')).to_have_text(re.compile(r"^\d+\.\d$"))
    expect(page.locator(".serving-answer .latency").first).to_contain_text("ms")
