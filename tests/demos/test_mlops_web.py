"""The MLOps lab's page and JSON API."""

import ast
from pathlib import Path

import pytest
from django.core.cache import cache
from django.utils import translation
from django.utils.translation import gettext

from apps.demos.engines import mlops as engine
from apps.demos.engines.mlops import EVENT_TYPES, LEVELS, SCENARIOS, Text, render, simulate
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
    cached = cache.get(f"demos:mlops:{mlops.CACHE_VERSION}:1:value_skew:{DAYS}:3")
    assert cached is not None and mlops.MlopsOut.model_validate(cached).model_dump() == first
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


def test_korean_page_shows_event_details_triggers_and_decisions_in_korean(client):
    skew = client.get(f"/demos/mlops/?level=1&scenario=value_skew&days={DAYS}").text
    assert "피처 64개 중" in skew and "분포가 학습 기준 데이터와 달라짐" in skew  # value skew detected
    assert "트리거: 값 편향 감지; 성능 저하 (서빙" in skew and "파이프라인 v1 학습: 풀 레코드" in skew  # retrained
    assert "<td>최초 학습</td>" in skew and "<td>초기 모델</td>" in skew and "<td>검증 게이트 통과</td>" in skew
    for english in ("features shifted", "trained on", "value skew detected", "initial model", "passed validation gate"):
        assert english not in skew
    bug = client.get(f"/demos/mlops/?level=2&scenario=pipeline_bug&days={DAYS}").text
    assert "CI가 파이프라인 v2 (대비 정규화(배치 최댓값 사용: 버그) 후 규제 QDA) 차단" in bug
    assert "혼자 변환한 레코드 0이(가) 배치 속 같은 레코드와" in bug and "<td>새 파이프라인 코드 v3</td>" in bug
    for english in ("blocked by CI", "transformed alone", "passed CI", "new pipeline code", "trained on"):
        assert english not in bug
    rejected = client.get(f"/demos/mlops/?level=1&scenario=pipeline_bug&days={DAYS}").text
    assert "배포 거부: 정확도" in rejected and "운영 모델(" in rejected and "kept out of production" not in rejected

    en_skew = client.get(f"/en/demos/mlops/?level=1&scenario=value_skew&days={DAYS}").text
    assert "features shifted against the training reference (two-sample KS" in en_skew
    assert (
        "trigger: value skew detected; performance drop (" in en_skew and "<td>passed validation gate</td>" in en_skew
    )
    en_bug = client.get(f"/en/demos/mlops/?level=2&scenario=pipeline_bug&days={DAYS}").text
    assert "blocked by CI: test feature_logic failed: record 0 transformed alone differs" in en_bug


def _texts(value):
    """``value`` if it is a ``Text``, and every ``Text`` nested in it."""
    if isinstance(value, Text):
        yield value
        for item in value.values.values():
            yield from _texts(item)
    elif isinstance(value, tuple):
        for item in value:
            yield from _texts(item)


def test_every_text_of_the_runs_has_a_korean_translation_with_the_same_placeholders():
    texts, kinds = [], set()
    for level in LEVELS:
        for scenario in SCENARIOS:
            run = simulate(level, scenario, DAYS, 0)
            assert run["onset_day"] <= DAYS // 2  # the scenario's change and the reactions to it are in the run
            for day in run["timeline"]:
                for event in day["events"]:
                    kinds.add(event["type"])
                    texts += _texts(event["text"])
            for version in run["registry"]:
                texts += [*_texts(version["trigger_text"]), *_texts(version["decision_text"])]
    assert kinds == set(EVENT_TYPES)
    with translation.override("ko"):
        assert sorted({t.template for t in texts if gettext(t.template) == t.template}) == []
        for text in texts:
            korean = render(text, gettext)  # a placeholder the values lack raises KeyError
            assert all(render(value, gettext) in korean for value in text.values.values())  # none is dropped


def test_every_template_marked_in_the_demos_has_a_korean_translation():
    """Also the ones the runs above do not reach (a digit's recall regression, other CI failures),
    and every input error of the engines, the web modules and the API."""
    marked = [
        node.args[0].value
        for path in Path(engine.__file__).parents[2].rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "gettext_noop"
    ]
    assert len(marked) > 30
    with translation.override("ko"):
        assert [message for message in marked if gettext(message) == message] == []


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
        ("level=5&scenario=none", "level", "Choose one of: 0, 1, 2."),
        ("level=x&scenario=none", "level", "Enter a whole number."),
        ("level=1&scenario=nope", "scenario", "Choose one of: none, value_skew"),
        ("level=1&scenario=none&days=99", "days", "Enter a whole number from 1 to 60."),
        ("level=1&scenario=none&seed=-4", "seed", "Enter a whole number from 0 to 4294967295."),
    ],
)
def test_page_shows_errors_beside_the_field(client, query, field, message):
    page = client.get(f"/en/demos/mlops/?{query}")
    assert page.status_code == 400
    assert f'id="{field}-error"' in page.text and message in page.text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("level=5", "다음 중 하나를 고르세요: 0, 1, 2."),
        ("scenario=nope", "다음 중 하나를 고르세요: none, value_skew"),
        ("days=99", "1부터 60까지의 정수를 입력하세요."),
    ],
)
def test_page_errors_speak_korean_on_the_korean_page(client, query, message):
    page = client.get(f"/demos/mlops/?{query}")
    assert page.status_code == 400 and message in page.text


def test_openapi_document_lists_the_endpoint(client):
    schema = client.get("/api/openapi.json").json()
    assert "/api/demos/mlops/" in schema["paths"]


def test_demos_index_links_the_lab(client):
    page = client.get("/en/demos/")
    assert 'href="/en/demos/mlops/"' in page.text
