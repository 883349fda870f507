"""The XAI lab's page and JSON API (CAM, Grad-CAM, Score-CAM on the cam-gap and cam-fc models)."""

import base64
import io

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from apps.demos.engines.cam import CLASSES, SIZE, TRAIN_SPECS, samples
from apps.demos.training import ensure_trained

pytestmark = pytest.mark.django_db

URL = "/api/demos/cam/"


@pytest.fixture(scope="session", autouse=True)
def cam_models():
    """Both CNNs, trained once (about a minute each on a busy machine) and cached under var/."""
    return [ensure_trained(spec, echo=None) for spec in TRAIN_SPECS]


def png(img: Image.Image, fmt: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    img.save(buffer, format=fmt)
    return buffer.getvalue()


def drawn_square() -> bytes:
    """A filled square on a transparent ground, as the page's canvas sends it."""
    img = Image.new("RGBA", (240, 240), (0, 0, 0, 0))
    ImageDraw.Draw(img).rectangle((70, 60, 170, 160), fill=(255, 255, 255, 255))
    return png(img)


def huge_png() -> bytes:
    """Random noise does not compress: a PNG over 1 MiB."""
    data = png(Image.fromarray(np.random.default_rng(0).integers(0, 256, (700, 700, 3), dtype=np.uint8)))
    assert len(data) > 1 << 20
    return data


def post(client, body):
    return client.post(URL, body, content_type="application/json")


# --- the API ------------------------------------------------------------------------------------
def test_api_explains_a_sample_with_all_three_methods_on_the_gap_model(client):
    response = post(client, {"sample": 2, "model": "gap"})
    assert response.status_code == 200
    body = response.json()
    assert body["model"] == "gap" and body["classes"] == list(CLASSES)
    assert len(body["probabilities"]) == len(CLASSES) and abs(sum(body["probabilities"]) - 1) < 1e-3
    assert body["target"] == body["predicted"] == samples()[2]["label"]
    assert set(body["maps"]) == {"cam", "gradcam", "scorecam"}
    for heat in body["maps"].values():
        heat = np.asarray(heat)
        assert heat.shape == (SIZE, SIZE) and heat.min() >= 0 and heat.max() <= 1
    assert np.abs(np.asarray(body["maps"]["cam"]) - np.asarray(body["maps"]["gradcam"])).max() < 1e-3
    assert body["passes"]["cam"] == {"forward": 1, "backward": 0}
    assert body["passes"]["gradcam"] == {"forward": 1, "backward": 1}
    assert body["passes"]["scorecam"]["backward"] == 0 and body["passes"]["scorecam"]["forward"] > 2
    assert set(body["ms"]) == set(body["maps"]) and all(ms >= 0 for ms in body["ms"].values())
    assert body["sample"]["box"] == samples()[2]["box"]


def test_api_fc_model_defaults_to_the_methods_that_apply_and_takes_a_png_and_a_target(client):
    image = base64.b64encode(drawn_square()).decode()
    body = post(client, {"image": image, "model": "fc", "target": 0}).json()
    assert set(body["maps"]) == {"gradcam", "scorecam"} and body["target"] == 0 and body["sample"] is None
    only = post(client, {"image": "data:image/png;base64," + image, "model": "fc", "methods": ["gradcam"]})
    assert only.status_code == 200 and set(only.json()["maps"]) == {"gradcam"}


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"sample": 0, "model": "vgg"}, "model"),
        ({"sample": 0}, "model"),
        ({"sample": 0, "model": "gap", "methods": ["lime"]}, "methods"),
        ({"sample": 0, "model": "gap", "methods": []}, "methods"),
        ({"sample": 0, "model": "fc", "methods": ["cam"]}, "methods"),
        ({"sample": 16, "model": "gap"}, "sample"),
        ({"sample": -1, "model": "gap"}, "sample"),
        ({"sample": "3", "model": "gap"}, "sample"),
        ({"model": "gap"}, "sample"),
        ({"sample": 0, "image": base64.b64encode(drawn_square()).decode(), "model": "gap"}, "sample"),
        ({"image": "not base64!", "model": "gap"}, "image"),
        ({"image": base64.b64encode(b"GIF89a....").decode(), "model": "gap"}, "image"),
        ({"image": base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\0" * 50).decode(), "model": "gap"}, "image"),
        ({"sample": 0, "model": "gap", "target": 8}, "target"),
    ],
)
def test_api_errors_name_the_field(client, payload, field):
    response = post(client, payload)
    assert 400 <= response.status_code < 500
    assert field in response.text


def test_api_cam_on_fc_says_why(client):
    body = post(client, {"sample": 0, "model": "fc", "methods": ["cam", "gradcam"]}).json()
    assert body["field"] == "methods" and "global average pooling" in body["detail"]


def test_api_rejects_a_png_over_1_mib(client):
    response = post(client, {"image": base64.b64encode(huge_png()).decode(), "model": "gap"})
    assert response.status_code == 400 and response.json()["field"] == "image"


def test_api_body_over_djangos_limit_is_a_json_413(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = post(client, {"image": "A" * 20_000, "model": "gap"})
    assert response.status_code == 413 and "larger than" in response.json()["detail"]


def test_api_rejects_bad_json(client):
    response = client.post(URL, "{not json", content_type="application/json")
    assert 400 <= response.status_code < 500


def test_api_says_503_with_progress_while_the_models_are_not_trained(client, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    response = post(client, {"sample": 0, "model": "gap"})
    assert response.status_code == 503 and "training" in response.json()


def test_openapi_document_lists_the_endpoint(client):
    schema = client.get("/api/openapi.json").json()
    assert "post" in schema["paths"][URL]


# --- the page -----------------------------------------------------------------------------------
def test_page_presets_from_a_question_link(client):
    page = client.get("/en/demos/cam/?model=gap&method=scorecam&sample=5")
    assert page.status_code == 200
    html = page.text
    assert html.count('class="cam-picture cam-heatmap"') == 3
    assert 'id="panel-scorecam"' in html and 'class="cam-panel chosen" id="panel-scorecam"' in html
    assert 'value="5" checked' in html and 'value="gap" checked' in html
    assert "CAM = Grad-CAM on a GAP network." in html and 'id="note-scorecam"' in html
    assert f"true class <strong>{samples()[5]['class']}</strong>" in html


def test_cam_on_the_fc_model_is_a_lesson_not_an_error(client):
    page = client.get("/en/demos/cam/?model=fc&method=cam")
    assert page.status_code == 200
    html = page.text
    assert 'class="cam-panel chosen not-applicable" id="panel-cam"' in html
    assert "CAM cannot explain this model" in html and "no per-channel class weight" in html
    assert html.count('class="cam-picture cam-heatmap"') == 2
    korean = client.get("/demos/cam/?model=fc&method=cam").text
    assert "전역 평균 풀링" in korean


def test_page_errors_are_shown_beside_the_field(client):
    for query, field in [
        ("sample=16", "sample"),
        ("model=vgg", "model"),
        ("target=x", "target"),
        ("method=lime", "method"),
    ]:
        page = client.get(f"/en/demos/cam/?{query}")
        assert page.status_code == 400 and f'id="{field}-error"' in page.text
    korean = client.get("/demos/cam/?model=vgg")
    assert korean.status_code == 400 and "다음 중 하나를 고르세요: gap, fc." in korean.text


def test_htmx_post_returns_the_partial_and_pushes_the_preset_url(client):
    response = client.post(
        "/en/demos/cam/",
        {"source": "sample", "sample": "7", "model": "fc", "method": "gradcam", "target": ""},
        headers={"hx-request": "true"},
    )
    assert response.status_code == 200 and "<html" not in response.text
    assert response.text.count('class="cam-picture cam-heatmap"') == 2
    assert response["HX-Push-Url"] == "/en/demos/cam/?model=fc&sample=7&method=gradcam"


def test_a_drawing_is_explained_and_not_pushed(client):
    drawing = "data:image/png;base64," + base64.b64encode(drawn_square()).decode()
    response = client.post(
        "/en/demos/cam/", {"source": "draw", "drawing": drawing, "model": "gap"}, headers={"hx-request": "true"}
    )
    assert response.status_code == 200 and "Your picture" in response.text
    assert response.text.count('class="cam-picture cam-heatmap"') == 3 and "HX-Push-Url" not in response
    empty = client.post("/en/demos/cam/", {"source": "draw", "drawing": "", "model": "gap"})
    assert empty.status_code == 400 and 'id="drawing-error"' in empty.text


def test_upload_a_png(client):
    upload = SimpleUploadedFile("square.png", drawn_square(), content_type="image/png")
    page = client.post("/en/demos/cam/", {"source": "upload", "model": "gap", "image": upload})
    assert page.status_code == 200 and page.text.count('class="cam-picture cam-heatmap"') == 3
    assert "Your picture" in page.text


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("photo.jpg", png(Image.new("RGB", (64, 64), "white"), "JPEG"), "This file is not a PNG image."),
        ("big.png", huge_png(), "The file is larger than 1024 KiB."),
        ("broken.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 50, "The PNG could not be decoded"),
        (None, None, "Choose a PNG file to upload."),
    ],
)
def test_bad_uploads_are_form_errors(client, name, data, message):
    form = {"source": "upload", "model": "gap"}
    if name:
        form["image"] = SimpleUploadedFile(name, data)
    page = client.post("/en/demos/cam/", form)
    assert page.status_code == 400
    assert 'id="image-error"' in page.text and message in page.text


def test_page_shows_training_progress_instead_of_the_form(client, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    page = client.get("/en/demos/cam/")
    assert page.status_code == 200
    assert "The models are not ready yet" in page.text and 'id="cam-form"' not in page.text
    assert "cam-gap" in page.text and "cam-fc" in page.text


def test_the_demos_index_links_the_lab(client):
    assert 'href="/en/demos/cam/"' in client.get("/en/demos/").text
