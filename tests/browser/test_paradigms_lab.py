"""The paradigms, RL and AutoML labs, driven in chromium in Korean and English."""

import re

import pytest
from playwright.sync_api import expect

from apps.demos.engines import nas, qlearning, shots
from apps.demos.training import ensure_trained

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def lab_models():
    return [ensure_trained(spec, echo=None) for spec in (shots.SPEC, qlearning.SPEC, nas.SPEC)]


def shot(page, shots_dir, name):
    if shots_dir:
        page.screenshot(path=f"{shots_dir}/{name}.png", full_page=True)


def percent(text: str) -> float:
    return float(re.search(r"([\d.]+)%", text).group(1))


def test_calibration_trades_seen_for_unseen_accuracy(page, transactional_db, lab_models, shots_dir):
    page.goto("/en/demos/shots/?calibration=0")
    row = page.locator("#gzsl-calibrated td")
    expect(row.nth(1)).to_have_text(re.compile(r"^\d"))
    unseen_before = percent(row.nth(1).inner_text())
    page.get_by_label("Calibration γ (subtracted from seen digits' scores)").fill("10")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"calibration=10"))
    expect(page.locator("#gzsl-calibrated th")).to_contain_text("γ = 10.0")
    assert percent(row.nth(1).inner_text()) > unseen_before + 20
    expect(page.locator("#k-shot-table tbody tr")).to_have_count(5)
    shot(page, shots_dir, "shots-en")
    page.goto("/demos/shots/?calibration=99")
    expect(page.locator("#result [role=alert]")).to_have_text("0부터 20까지의 수를 입력하세요.")
    expect(page.get_by_label("보정값 γ (Seen 숫자의 점수에서 뺌)")).to_have_attribute("aria-invalid", "true")
    shot(page, shots_dir, "shots-ko")


def test_switching_off_replay_and_the_target_network(page, transactional_db, lab_models, shots_dir):
    page.goto("/en/demos/qlearning/")
    expect(page.locator("#tabular-verdict")).to_contain_text("reaches the goal")
    expect(page.locator("#dqn-verdict")).to_contain_text("replay=on,target=on")
    page.get_by_label("Experience replay").select_option("off")
    expect(page.locator("#dqn-verdict")).to_contain_text("replay=off,target=on")
    expect(page).to_have_url(re.compile(r"replay=off"))
    page.get_by_label("Episodes", exact=True).fill("1")
    page.get_by_role("button", name="Learn").click()
    expect(page.locator("#tabular-verdict")).to_contain_text("does not reach the goal")
    shot(page, shots_dir, "qlearning-en")
    page.goto("/demos/qlearning/?alpha=0.2")
    expect(page.locator("#td-update")).to_contain_text("업데이트")
    expect(page.locator("#dqn-stability tbody tr")).to_have_count(4)
    shot(page, shots_dir, "qlearning-ko")


def test_following_a_darts_edge(page, transactional_db, lab_models, shots_dir):
    page.goto("/en/demos/nas/")
    expect(page.locator("#nas-components")).to_contain_text("Performance estimation")
    expect(page.locator("#nas-alphas tbody tr")).to_have_count(6)
    page.get_by_label("Edge to follow").select_option("3")
    expect(page).to_have_url(re.compile(r"edge=3"))
    expect(page.locator("#nas-history")).to_be_visible()
    shot(page, shots_dir, "nas-en")
    page.goto("/demos/nas/")
    expect(page.locator("#nas-components")).to_contain_text("성능 추정")
    expect(page.locator("#nas-compare")).to_contain_text("랜덤 탐색")
    shot(page, shots_dir, "nas-ko")
