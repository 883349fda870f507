"""The XAI lab, driven in chromium: a learner draws an object and compares the three heatmaps."""

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from apps.demos.engines.cam import TRAIN_SPECS
from apps.demos.training import ensure_trained

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def cam_models():
    return [ensure_trained(spec, echo=None) for spec in TRAIN_SPECS]


def test_drawing_with_the_mouse_shows_three_heatmaps(page, transactional_db, cam_models):
    page.goto("/en/demos/cam/?model=gap&method=gradcam&sample=3")
    expect(page.locator("#panel-gradcam")).to_have_class(re.compile(r"\bchosen\b"))
    expect(page.locator(".cam-input")).to_contain_text("Sample 3")

    page.get_by_role("radio", name="Draw").check()
    canvas = page.locator("#cam-canvas")
    expect(canvas).to_be_visible()
    box = canvas.bounding_box()

    def at(fx, fy):
        return box["x"] + fx * box["width"], box["y"] + fy * box["height"]

    # A cross: two strokes, each sent when the mouse button is released.
    for start, end in (((0.2, 0.5), (0.8, 0.5)), ((0.5, 0.2), (0.5, 0.8))):
        page.mouse.move(*at(*start))
        page.mouse.down()
        for step in range(1, 11):
            t = step / 10
            page.mouse.move(*at(start[0] + (end[0] - start[0]) * t, start[1] + (end[1] - start[1]) * t))
        page.mouse.up()

    expect(page.locator(".cam-input")).to_contain_text("Your picture")
    expect(page.locator(".cam-heatmap")).to_have_count(3)
    for method in ("cam", "gradcam", "scorecam"):
        expect(page.locator(f"#panel-{method} img")).to_have_attribute("src", re.compile(r"^data:image/png;base64,"))
    expect(page.locator("#panel-gradcam [data-slot=backward]")).to_have_text("1")
    expect(page.locator("#panel-scorecam [data-slot=backward]")).to_have_text("0")
    expect(page.locator("#note-cam-gradcam")).to_contain_text("CAM = Grad-CAM on a GAP network")
    expect(page.locator("#cam-predicted")).not_to_be_empty()

    page.get_by_role("radio", name=re.compile("FC model")).check()  # the same drawing, the other CNN
    expect(page.locator(".cam-heatmap")).to_have_count(2)
    expect(page.locator("#panel-cam .cam-lesson")).to_contain_text("CAM cannot explain this model")
    expect(page.locator(".cam-input")).to_contain_text("Your picture")


def test_uploading_a_jpeg_shows_a_form_error(page, transactional_db, cam_models):
    jpeg = io.BytesIO()
    Image.new("RGB", (64, 64), "white").save(jpeg, format="JPEG")
    page.goto("/en/demos/cam/?model=fc")
    page.get_by_role("radio", name="Upload a PNG").check()
    page.locator("#id_image").set_input_files(
        files=[{"name": "photo.jpg", "mimeType": "image/jpeg", "buffer": jpeg.getvalue()}]
    )
    expect(page.locator("#result [role=alert]")).to_have_text("This file is not a PNG image. Upload a PNG (.png) file.")
    expect(page.locator(".cam-heatmap")).to_have_count(0)
