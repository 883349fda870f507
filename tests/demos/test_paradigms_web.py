"""The paradigms, RL and AutoML lab pages (Korean and English) and JSON APIs: what a learner sees comes from the engines."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import yaml

from apps.demos.engines import nas, qlearning, shots
from apps.demos.training import ensure_trained
from apps.questions.presenters import demo_link

pytestmark = pytest.mark.django_db
HANGUL = re.compile("[\uac00-\ud7a3]")


@pytest.fixture(scope="module", autouse=True)
def models():
    return [ensure_trained(spec, echo=None) for spec in (shots.SPEC, qlearning.SPEC, nas.SPEC)]


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return html.unescape(response.content.decode())


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


@pytest.mark.parametrize("slug", ["shots", "qlearning", "nas"])
def test_every_page_speaks_both_languages(client, slug):
    korean, english = page(client, f"/demos/{slug}/"), page(client, f"/en/demos/{slug}/")
    assert HANGUL.search(korean.split("<main", 1)[1])
    main = english.split("<main", 1)[1]
    assert not HANGUL.search(main), HANGUL.findall(main)[:5]
    for text in (korean, english):
        assert "<svg" in text and 'role="alert"' not in text


def test_shots_page_shows_the_bias_and_the_calibrated_trade_off(client):
    api = post(client, "/api/demos/shots/", {"calibration": 10, "seed": 0}).json()
    assert api["zsl_accuracy"] > api["chance"]
    assert api["gzsl_uncalibrated"]["unseen"] < api["zsl_accuracy"]
    assert api["gzsl"]["harmonic"] > api["gzsl_uncalibrated"]["harmonic"]
    assert list(api["k_shot_accuracy"]) == ["1", "2", "3", "5", "10"]
    text = page(client, "/en/demos/shots/?calibration=10&seed=0")
    assert f"{round(100 * api['zsl_accuracy'], 1)}% of the unseen digits" in text
    calibrated = re.search(r'id="gzsl-calibrated">(.*?)</tr>', text, re.S).group(1)
    assert "γ = 10.0" in calibrated and f"{round(100 * api['gzsl']['harmonic'], 1)}%" in calibrated


def test_qlearning_page_draws_both_policies_and_the_update(client):
    text = page(client, "/en/demos/qlearning/?alpha=0.5&epsilon=0.1&episodes=300&seed=0&replay=off&target=off")
    assert "reaches the goal" in re.search(r'id="tabular-verdict">(.*?)</figcaption>', text, re.S).group(1)
    assert "replay=off,target=off" in text and 'id="dqn-grid"' in text and "TD error" in text
    api = post(client, "/api/demos/qlearning/", {"episodes": 1, "replay": True, "target": True}).json()
    assert api["tabular"]["solved"] is False and api["dqn"]["solved"] is True
    assert api["dqn_stability"]["replay=on,target=on"]["solved"] == 1.0


def test_nas_page_shows_components_alphas_and_both_searches(client):
    text = page(client, "/en/demos/nas/?edge=3")
    assert all(word in text for word in ("Search space", "Search strategy", "Performance estimation"))
    api = post(client, "/api/demos/nas/", {"edge": 3}).json()
    assert api["edge"] == 3 and len(api["alphas"]) == 6
    for row, chosen in zip(api["alphas"], api["genotype"], strict=True):
        assert api["search_space"]["operations"][row.index(max(row))] == chosen
    assert text.count("✓") >= 6 and f"{round(100 * api['darts_accuracy'], 1)}%" in text


def test_htmx_gets_the_partial_only(client):
    response = client.get("/demos/shots/?calibration=4", headers={"hx-request": "true"})
    assert response.status_code == 200 and b"<html" not in response.content and b"shots-gzsl-chart" in response.content


def test_api_rejects_bad_input_naming_the_field(client):
    response = post(client, "/api/demos/qlearning/", {"alpha": 5})
    assert response.status_code in (400, 422) and "alpha" in response.content.decode()
    response = post(client, "/api/demos/nas/", {"edge": 9})
    assert response.status_code in (400, 422) and "edge" in response.content.decode()


LAB = {"shots", "qlearning", "nas"}
BANK = sorted((Path(__file__).resolve().parents[2] / "fixtures" / "questions").glob("*.yaml"))


def linked_questions() -> dict[str, str]:
    """Question key -> its demo address without a language prefix."""
    found = [q for path in BANK for q in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]]
    return {
        q["key"]: re.sub(r"^/en/", "/", demo_link(q["demo"])) for q in found if (q.get("demo") or {}).get("slug") in LAB
    }


def test_at_least_thirty_questions_link_to_the_labs_and_every_preset_opens(client):
    linked = linked_questions()
    assert len(linked) >= 30
    for key, url in linked.items():
        for prefix in ("", "/en"):
            assert 'role="alert"' not in page(client, prefix + url), (key, url)


def test_presets_show_the_point_their_question_asks(client):
    by_key = linked_questions()
    bias = page(client, "/en" + by_key["paradigms-shot-learning-gzsl-seen-bias"])
    assert "γ = 0.0" in re.search(r'id="gzsl-calibrated">(.*?)</tr>', bias, re.S).group(1)
    no_replay = page(client, "/en" + by_key["automl-rl-dqn-experience-replay"])
    assert "DQN (replay=off,target=on" in no_replay
    edge = page(client, "/en" + by_key["automl-rl-darts-discretization"])
    assert re.search(r'<option value="3" selected>', edge)
