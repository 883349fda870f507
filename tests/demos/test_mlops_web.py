"""The MLOps lab's page and JSON API."""

import pytest
from django.core.cache import cache

from apps.demos.engines.mlops import EVENT_TYPES
from apps.demos.web import mlops

pytestmark = pytest.mark.django_db

DAYS = 12  # onset on day 5; short runs keep the suite quick


def post(client, payload):
    return client.post("/api/demos/mlops/", payload, content_type="application/json")


def test_api_returns_the_timeline_and_the_registry(client):
    response = post(client, {"level": 2, "scenario": "pipeline_bug", "days": DAYS, "seed": 0})
    assert response.status_code == 200
    body = response.json()
    assert body["level"] == 2 and body["scenario"] == "pipeline_bug" and body["onset_day"] == 5
    assert [d["day"] for d in body["timeline"]] == list(range(1, DAYS + 1))
    assert all(0 <= d["accuracy"] <= 1 for d in body["timeline"])
    events = [e for d in body["timeline"] for e in d["events"]]
    assert {e["type"] for e in events} <= set(EVENT_TYPES)
    assert "pipeline_blocked" in {e["type"] for e in events}  # level 2's CI stops the buggy v2
    assert body["registry"][0]["version"] == "v1" and body["registry"][0]["promoted_on_day"] == 0
    assert all({"version", "promoted_on_day", "metrics"} <= set(v) for v in body["registry"])


def test_api_is_deterministic_and_cached(client):
    payload = {"level": 1, "scenario": "value_skew", "days": DAYS, "seed": 3}
    first = post(client, payload).json()
    assert cache.get(f"demos:mlops:{mlops.CACHE_VERSION}:1:value_skew:{DAYS}:3") == first
    assert post(client, payload).json() == first


def test_api_defaults_days_and_seed(client):
    body = post(client, {"level": 0, "scenario": "none", "days": 3}).json()
    assert len(body["timeline"]) == 3 and body["registry"][0]["decision"] == "initial model"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"level": 3, "scenario": "none"}, "level"),
        ({"level": "one", "scenario": "none"}, "level"),
        ({"scenario": "none"}, "level"),
        ({"level": 1, "scenario": "drift"}, "scenario"),
        ({"level": 1, "scenario": "none", "days": 0}, "days"),
        ({"level": 1, "scenario": "none", "days": 61}, "days"),
        ({"level": 1, "scenario": "none", "seed": -1}, "seed"),
        ({"level": 1, "scenario": "none", "seed": 2**32}, "seed"),
    ],
)
def test_api_errors_name_the_field(client, payload, field):
    response = post(client, payload)
    assert 400 <= response.status_code < 500
    assert field in response.text


def test_api_rejects_bad_json(client):
    response = client.post("/api/demos/mlops/", "{not json", content_type="application/json")
    assert 400 <= response.status_code < 500


def test_page_preset_shows_all_three_levels_events_keywords_and_registry(client):
    page = client.get(f"/en/demos/mlops/?level=2&scenario=pipeline_bug&days={DAYS}")
    assert page.status_code == 200
    html = page.text
    assert 'id="mlops-chart"' in html and 'data-scenario="pipeline_bug"' in html and 'data-level="2"' in html
    assert html.count('<polyline class="lvl') == 3 and 'class="lvl lvl-2 chosen"' in html
    assert 'class="onset"' in html  # the scenario's onset is marked
    assert "Pipeline change blocked by CI" in html and "Pipeline CI" in html  # event and the notes' keyword
    assert "CI/CD pipeline automation" in html  # LEVEL_KEYWORDS[2]
    assert 'value="2" checked' in html and 'value="pipeline_bug" checked' in html
    assert "Model registry of Level 2" in html and "<code>v1</code>" in html


def test_page_is_korean_by_default_and_groups_daily_stops(client):
    page = client.get(f"/demos/mlops/?level=1&scenario=schema_skew&days={DAYS}")
    assert page.status_code == 200 and "스키마 편향(schema skew)" in page.text and "파이프라인 중단" in page.text
    en = client.get(f"/en/demos/mlops/?level=1&scenario=schema_skew&days={DAYS}")
    assert en.text.count('<g class="marker"') == 8  # one marker a day from the onset (day 5)
    assert "Days 5–12 (8×)" in en.text and en.text.count('class="event event-') == 1


def test_level_0_has_no_events(client):
    page = client.get(f"/en/demos/mlops/?level=0&scenario=value_skew&days={DAYS}")
    assert page.status_code == 200 and "nothing monitors the model" in page.text
    assert '<g class="marker"' not in page.text


def test_htmx_partial(client):
    partial = client.get(f"/demos/mlops/?level=1&scenario=none&days={DAYS}", headers={"hx-request": "true"})
    assert partial.status_code == 200 and "<html" not in partial.text and 'id="mlops-chart"' in partial.text
    assert 'class="onset"' not in partial.text  # no scenario, no onset


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("level=5&scenario=none", "level", "must be 0, 1 or 2"),
        ("level=x&scenario=none", "level", "must be a whole number"),
        ("level=1&scenario=nope", "scenario", "must be one of"),
        ("level=1&scenario=none&days=99", "days", "must be an integer from 1 to 60"),
        ("level=1&scenario=none&seed=-4", "seed", "must be an integer from 0"),
    ],
)
def test_page_shows_errors_beside_the_field(client, query, field, message):
    page = client.get(f"/en/demos/mlops/?{query}")
    assert page.status_code == 400
    assert f'id="{field}-error"' in page.text and message in page.text


def test_openapi_document_lists_the_endpoint(client):
    schema = client.get("/api/openapi.json").json()
    assert "/api/demos/mlops/" in schema["paths"]


def test_demos_index_links_the_lab(client):
    page = client.get("/en/demos/")
    assert 'href="/en/demos/mlops/"' in page.text
