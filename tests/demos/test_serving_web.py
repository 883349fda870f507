"""Model-in-Service vs Model-as-a-Service: the keyed predict API, the page, the keys' admin."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.management import call_command

from apps.demos import loaded
from apps.demos.engines.mlops import SERVING_KEYWORDS, TRAIN_SPECS, predict, sample_inputs
from apps.demos.models import DEMO_RATE_PER_MINUTE, ApiKey
from apps.demos.training import ensure_trained

pytestmark = pytest.mark.django_db

URL = "/api/demos/serving/predict/"


@pytest.fixture(autouse=True)
def artifact():
    cache.clear()  # rate-limit counters from other tests
    (spec,) = TRAIN_SPECS
    return ensure_trained(spec, echo=None)


@pytest.fixture
def issued():
    return ApiKey.objects.issue(name="test client", rate_limit_per_minute=5)


def call(client, key, pixels):
    headers = {"x-api-key": key} if key is not None else {}
    return client.post(URL, {"pixels": pixels}, content_type="application/json", headers=headers)


def test_http_and_in_process_answers_are_identical(client, issued, artifact):
    _, key = issued
    samples = sample_inputs()
    response = call(client, key, [s["pixels"] for s in samples])
    assert response.status_code == 200
    body = response.json()
    assert body["model"] == "digits-serving" and body["version"] == artifact.version
    in_process = predict(loaded.get("digits-serving"), [s["pixels"] for s in samples])
    assert body["predictions"] == in_process["predictions"]
    assert body["probabilities"] == in_process["probabilities"]
    assert response["Server-Timing"].startswith("predict;dur=")


def test_one_image_gives_one_prediction(client, issued):
    sample = sample_inputs(4)[3]
    body = call(client, issued[1], sample["pixels"]).json()
    assert body["predictions"] == [3] and len(body["probabilities"]) == 1


def test_usage_is_counted_on_the_key(client, issued):
    api_key, key = issued
    pixels = sample_inputs(1)[0]["pixels"]
    for _ in range(3):
        assert call(client, key, pixels).status_code == 200
    api_key.refresh_from_db()
    assert api_key.usage_count == 3 and api_key.last_used_at is not None


def test_missing_key_is_401(client):
    response = call(client, None, sample_inputs(1)[0]["pixels"])
    assert response.status_code == 401


@pytest.mark.parametrize("key", ["nonsense", "qlk_00000000_" + "x" * 43])
def test_unknown_key_is_403(client, key, issued):
    assert call(client, key, sample_inputs(1)[0]["pixels"]).status_code == 403


def test_wrong_secret_for_a_real_prefix_is_403(client, issued):
    _, key = issued
    assert call(client, key[:-4] + "AAAA", sample_inputs(1)[0]["pixels"]).status_code == 403


def test_revoked_key_is_403(client, issued):
    api_key, key = issued
    ApiKey.objects.filter(pk=api_key.pk).update(active=False)
    assert call(client, key, sample_inputs(1)[0]["pixels"]).status_code == 403


def test_over_the_rate_limit_is_429_with_retry_after(client, issued):
    api_key, key = issued
    pixels = sample_inputs(1)[0]["pixels"]
    statuses = [call(client, key, pixels).status_code for _ in range(api_key.rate_limit_per_minute)]
    # A new minute may start between calls; then the count starts again and all pass too.
    assert statuses == [200] * api_key.rate_limit_per_minute
    limited = call(client, key, pixels)
    if limited.status_code == 200:  # crossed a minute boundary: fill the new window
        for _ in range(api_key.rate_limit_per_minute - 1):
            call(client, key, pixels)
        limited = call(client, key, pixels)
    assert limited.status_code == 429
    assert 1 <= int(limited["Retry-After"]) <= 60
    _, other_key = ApiKey.objects.issue(name="another client")
    assert call(client, other_key, pixels).status_code == 200  # limits are per key


@pytest.mark.parametrize(
    "pixels",
    [[1, 2, 3], [[0] * 64, [0] * 63], [17] * 64, [-1] * 64, "zeros", [], [[0] * 64] * 101],
)
def test_bad_pixels_name_the_field(client, issued, pixels):
    response = call(client, issued[1], pixels)
    assert 400 <= response.status_code < 500 and "pixels" in response.text


def test_bad_json_is_a_client_error(client, issued):
    response = client.post(URL, "{oops", content_type="application/json", headers={"x-api-key": issued[1]})
    assert 400 <= response.status_code < 500


def test_keys_are_stored_only_as_hashes(issued):
    api_key, key = issued
    assert key.startswith(f"qlk_{api_key.prefix}_") and key not in api_key.key_hash
    assert ApiKey.objects.authenticate(key) == api_key


def test_page_answers_in_process_and_hands_the_browser_a_working_demo_key(client):
    page = client.get("/en/demos/serving/?sample=7")
    assert page.status_code == 200
    html = page.text
    assert 'id="mis-digit">7<' in html  # the in-process answer
    assert re.search(r"[\d.]+ ms, measured on the server", html)
    key = re.search(r'data-key="([^"]+)"', html).group(1)
    assert 'value="7" checked' in html and html.count('class="digit"') == 11  # ten tiles and the input
    demo = ApiKey.objects.get(name__startswith="Serving demo page")
    assert demo.rate_limit_per_minute == DEMO_RATE_PER_MINUTE
    response = call(client, key, sample_inputs()[7]["pixels"])
    assert response.status_code == 200 and response.json()["predictions"] == [7]
    assert client.get("/en/demos/serving/").text.count("data-key=") == 1
    assert ApiKey.objects.filter(name__startswith="Serving demo page").count() == 1  # made once


def test_page_shows_the_notes_comparison_in_korean(client):
    page = client.get("/demos/serving/")
    assert page.status_code == 200 and '<html lang="ko">' in page.text
    for word in SERVING_KEYWORDS["model_in_service"]["ko"] + SERVING_KEYWORDS["model_as_a_service"]["ko"]:
        assert word in page.text


def test_htmx_partial_and_bad_sample(client):
    partial = client.get("/demos/serving/?sample=2", headers={"hx-request": "true"})
    assert partial.status_code == 200 and "<html" not in partial.text and 'id="maas"' in partial.text
    for bad in ("10", "two"):
        page = client.get(f"/en/demos/serving/?sample={bad}")
        assert page.status_code == 400 and 'id="sample-error"' in page.text
    korean = client.get("/demos/serving/?sample=10")
    assert korean.status_code == 400 and "0부터 9까지의 정수를 입력하세요." in korean.text


def test_openapi_document_lists_the_endpoint_and_its_key_header(client):
    schema = client.get("/api/openapi.json").json()
    assert URL in schema["paths"]
    schemes = schema["components"]["securitySchemes"]
    assert any(s.get("name") == "X-API-Key" and s.get("in") == "header" for s in schemes.values())


def test_an_instructor_issues_a_key_in_the_admin_and_it_works(client):
    call_command("setup_roles", stdout=io.StringIO())
    teacher = get_user_model().objects.create_user("teacher", password="pw-123456!", is_staff=True)
    teacher.groups.add(teacher.groups.model.objects.get(name="Instructors"))
    assert not teacher.is_superuser
    client.force_login(teacher)
    assert client.get("/admin/demos/apikey/add/").status_code == 200
    response = client.post(
        "/admin/demos/apikey/add/",
        {"name": "lab notebook", "owner": teacher.pk, "active": "on", "rate_limit_per_minute": 10},
        follow=True,
    )
    assert response.status_code == 200
    key = re.search(r"qlk_[0-9a-f]{8}_[\w-]+", response.text).group(0)  # shown once
    api_key = ApiKey.objects.get(name="lab notebook")
    assert api_key.owner == teacher and key not in response.client.get(f"/admin/demos/apikey/{api_key.pk}/change/").text
    assert call(client, key, sample_inputs(1)[0]["pixels"]).status_code == 200
    client.post("/admin/demos/apikey/", {"action": "revoke", "_selected_action": [api_key.pk]})
    assert call(client, key, sample_inputs(1)[0]["pixels"]).status_code == 403


def test_only_who_may_change_keys_may_revoke_them(client, issued):
    api_key, _ = issued
    viewer = get_user_model().objects.create_user("viewer", password="pw-123456!", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_apikey"))
    client.force_login(viewer)
    assert client.get("/admin/demos/apikey/").status_code == 200
    client.post("/admin/demos/apikey/", {"action": "revoke", "_selected_action": [api_key.pk]})
    api_key.refresh_from_db()
    assert api_key.active


def test_page_waits_for_the_model_and_reloads_itself(client, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    page = client.get("/en/demos/serving/")
    assert page.status_code == 200
    assert "The model is not ready yet" in page.text and "<code>digits-serving</code>" in page.text
    assert '<meta http-equiv="refresh"' in page.text and "<form data-swap-errors" not in page.text
