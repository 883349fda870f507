"""The fundamentals lab's pages (Korean and English) and JSON APIs: what a learner sees comes from the engines."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import yaml

from apps.demos.engines.fundamentals import TRAIN_SPECS
from apps.demos.training import ensure_trained
from apps.questions.presenters import demo_link

pytestmark = pytest.mark.django_db
HANGUL = re.compile("[\uac00-\ud7a3]")


@pytest.fixture(scope="module", autouse=True)
def models():
    return [ensure_trained(spec, echo=None) for spec in TRAIN_SPECS]


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return html.unescape(response.content.decode())


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


@pytest.mark.parametrize("slug", ["fitting", "regression", "perceptron", "stages"])
def test_every_page_speaks_both_languages(client, slug):
    korean, english = page(client, f"/demos/{slug}/"), page(client, f"/en/demos/{slug}/")
    assert HANGUL.search(korean.split("<main", 1)[1])
    main = english.split("<main", 1)[1]
    assert not HANGUL.search(main), HANGUL.findall(main)[:5]
    for text in (korean, english):
        assert 'class="lab-nav"' in text and "<svg" in text and 'role="alert"' not in text


def test_fitting_page_names_the_regimes_from_the_curve(client):
    text = page(client, "/en/demos/fitting/?degree=12&points=20&seed=3")
    regimes = re.findall(r'id="poly-table".*?</table>', text, re.S)[0]
    found = re.findall(r'data-capacity="(\d+)" data-regime="(\w+)"', regimes)
    assert found[0] == ("0", "underfit") and found[12][1] == "overfit"
    assert "Degree 12: overfit" in text
    api = post(client, "/api/demos/fitting/", {"degree": 12, "points": 20, "seed": 3}).json()
    assert api["regime"] == [regime for _, regime in found]
    assert api["validation_error"][api["best_capacity"]] == min(api["validation_error"])
    assert api["digits"]["knob"] == "tree" and len(api["digits"]["epochs"]["curve"]) > 10


def test_fitting_remedies_are_shown_beside_the_plain_run(client):
    text = page(client, "/en/demos/fitting/?remedy=l2&knob=width")
    assert 'id="remedy-summary"' in text and "s-plain" in text
    assert "MLP hidden units" in text


def test_regression_page_shows_linear_outputs_leaving_the_interval(client):
    api = post(client, "/api/demos/regression/", {"feature": "mean radius", "surrogate": "tree-3"}).json()
    assert min(api["linear_outputs"]) < 0 < 1 < max(api["linear_outputs"])
    assert min(api["logistic_probabilities"]) >= 0 and max(api["logistic_probabilities"]) <= 1
    text = page(client, "/en/demos/regression/?feature=mean+radius&surrogate=tree-3")
    outside = re.search(r'id="outside-note">.*?: (\d+) test tumours', text, re.S)
    assert int(outside.group(1)) == sum(not 0 <= v <= 1 for v in api["linear_outputs"])
    # A shallow tree is a poor surrogate, and the page says so.
    assert api["surrogate_fidelity"] < 0.6 and 'id="low-fidelity"' in text
    assert f"{100 * api['surrogate_fidelity']:.1f}%" in text
    faithful = page(client, "/en/demos/regression/?surrogate=logistic")
    assert 'id="low-fidelity"' not in faithful


def test_perceptron_page_shows_xor_failing_and_the_backprop_step(client):
    text = page(client, "/demos/perceptron/?gate=xor")
    cells = dict(re.findall(r'data-gate="xor" data-model="(\w+)">(\d+)%', text))
    assert int(cells["perceptron"]) <= 75 and cells["mlp"] == "100"
    assert 'id="backprop-step"' in text and 'class="boundary"' in text
    body = post(client, "/api/demos/perceptron/", {"gate": "and", "hidden": 2, "seed": 1}).json()
    assert body["perceptron_accuracy"]["and"] == 1.0 and body["perceptron"]["converged"]
    assert set(body["mlp"]["first_step"]["gradients"]) == {"w1", "b1", "w2", "b2"}


def test_stages_page_shows_the_measured_table(client):
    api = post(client, "/api/demos/stages/", {"sample": 7}).json()
    text = page(client, "/en/demos/stages/?sample=7")
    for row in api["table"]:
        shown = re.search(rf'data-stage="{row["stage"]}">.*?class="accuracy">([\d.]+)%', text, re.S).group(1)
        assert float(shown) == round(100 * row["accuracy"], 1)
    assert api["sample"]["index"] == 7 and set(api["sample"]["predictions"]) == {r["stage"] for r in api["table"]}
    assert api["table"][0]["task_labels"] == 0


def test_demos_index_lists_the_lab(client):
    text = page(client, "/en/demos/")
    for slug in ("fitting", "regression", "perceptron", "stages"):
        assert f"/en/demos/{slug}/" in text


LAB = {"fitting", "regression", "perceptron", "stages"}
BANK = sorted((Path(__file__).resolve().parents[2] / "fixtures" / "questions").glob("*.yaml"))


def preset(question: dict) -> str:
    """The question's demo address without a language prefix (reverse() follows the active language)."""
    return re.sub(r"^/en/", "/", demo_link(question["demo"]))


def linked_questions() -> list[dict]:
    found = [q for path in BANK for q in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]]
    return [q for q in found if (q.get("demo") or {}).get("slug") in LAB]


def test_at_least_thirty_questions_link_to_the_lab_and_every_preset_opens(client):
    linked = linked_questions()
    assert len(linked) >= 30
    for question in linked:
        url = preset(question)
        for prefix in ("", "/en"):
            text = page(client, prefix + url)
            assert 'role="alert"' not in text, (question["key"], url)


def test_presets_show_the_point_their_question_asks(client):
    by_key = {q["key"]: preset(q) for q in linked_questions()}
    assert "Degree 12: overfit" in page(client, "/en" + by_key["fundamentals-fitting-tf-bias-variance"])
    assert "Degree 1: underfit" in page(client, "/en" + by_key["fundamentals-fitting-both-losses-high"])
    assert "Still wrong after" in page(client, "/en" + by_key["fundamentals-neural-basics-perceptron-xor"])
    assert 'id="low-fidelity"' in page(client, "/en" + by_key["xai-surrogate-linear-logistic-fidelity"])
