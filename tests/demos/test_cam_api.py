"""The web-facing API: explain / samples / decode_png, and input validation."""

from __future__ import annotations

import io
import json

import numpy as np
import pytest
from django.utils import translation
from PIL import Image, ImageDraw

from apps.demos.engines.cam import (
    CLASSES,
    SIZE,
    MethodNotApplicable,
    applicable_methods,
    decode_png,
    explain,
    samples,
)
from apps.demos.engines.cam.png import MAX_PNG_BYTES
from apps.demos.engines.errors import InputError
from apps.demos.training import ensure_trained


def _never_loads(spec):
    raise AssertionError("validation must fail before the model is loaded")


def _png(img: Image.Image) -> bytes:
    buffer = io.BytesIO()
    img.save(buffer, format="PNG")
    return buffer.getvalue()


# -- validation: no model needed ------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"sample": 99}, "sample"),
        ({"sample": -1}, "sample"),
        ({"sample": True}, "sample"),
        ({"sample": "3"}, "sample"),
        ({}, "sample"),
        ({"sample": 0, "image": np.zeros((SIZE, SIZE))}, "sample"),
        ({"image": np.zeros((SIZE, SIZE + 1))}, "image"),
        ({"image": np.full((SIZE, SIZE), 1.5)}, "image"),
        ({"image": np.full((SIZE, SIZE), np.nan)}, "image"),
        ({"image": np.full((SIZE, SIZE), 300)}, "image"),
        ({"image": [[0.1, 0.2], [0.3]]}, "image"),
        ({"sample": 0, "methods": ["lime"]}, "methods"),
        ({"sample": 0, "methods": []}, "methods"),
        ({"sample": 0, "methods": "cam"}, "methods"),
        ({"sample": 0, "methods": [["cam"]]}, "methods"),
        ({"sample": 0, "target": len(CLASSES)}, "target"),
        ({"sample": 0, "target": 1.0}, "target"),
    ],
)
def test_bad_inputs_name_their_field(kwargs, field):
    with pytest.raises(InputError) as caught:
        explain("gap", load=_never_loads, **kwargs)
    assert caught.value.field == field


def test_bad_model_name():
    with pytest.raises(InputError) as caught:
        explain("resnet", sample=0, load=_never_loads)
    assert caught.value.field == "model"


def test_cam_on_the_fc_model_is_refused_in_both_languages():
    with pytest.raises(MethodNotApplicable) as caught:
        explain("fc", sample=0, methods=["gradcam", "cam"], load=_never_loads)
    error = caught.value
    assert isinstance(error, ValueError) and error.field == "methods"
    assert str(error).startswith("CAM needs global average pooling followed by a single linear layer")
    assert "no per-channel class weight" in str(error)
    with translation.override("ko"):
        assert "전역 평균 풀링" in error.translated(translation.gettext)
    assert applicable_methods("fc") == ["gradcam", "scorecam"]
    assert applicable_methods("gap") == ["cam", "gradcam", "scorecam"]


def test_samples_are_fixed_and_cover_every_class():
    first, second = samples(), samples()
    assert first == second and len(first) >= 12
    assert {s["label"] for s in first} == set(range(len(CLASSES)))
    for s in first:
        assert s["class"] == CLASSES[s["label"]]
        left, top, right, bottom = s["box"]
        assert 0 <= left < right <= SIZE and 0 <= top < bottom <= SIZE
        assert np.asarray(s["image"]).shape == (SIZE, SIZE)
    json.dumps(first)


# -- decode_png ------------------------------------------------------------------------------


def test_dark_strokes_on_white_become_a_bright_object_on_black():
    canvas = Image.new("L", (280, 280), 255)
    ImageDraw.Draw(canvas).ellipse((60, 60, 200, 200), fill=0)
    x = decode_png(_png(canvas))
    assert x.shape == (SIZE, SIZE) and x.dtype == np.float32
    assert x[SIZE // 2, SIZE // 2] > 0.9 and x[1, 1] < 0.1
    assert x.min() == 0.0 and x.max() == 1.0


def test_transparent_canvas_uses_the_strokes_alpha():
    canvas = Image.new("RGBA", (200, 100), (0, 0, 0, 0))
    ImageDraw.Draw(canvas).rectangle((80, 20, 120, 80), fill=(0, 0, 0, 255))  # black ink
    x = decode_png(_png(canvas))
    assert x[SIZE // 2, SIZE // 2] > 0.9  # centre of the (padded-to-square) canvas
    assert x[2, SIZE // 2] < 0.1  # padding above the wide canvas stays dark


def test_white_on_black_is_kept_and_a_blank_canvas_is_all_zero():
    canvas = Image.new("RGB", (64, 64), (0, 0, 0))
    ImageDraw.Draw(canvas).line((10, 32, 54, 32), fill=(255, 255, 255), width=6)
    x = decode_png(_png(canvas))
    assert x[SIZE // 2, SIZE // 2] > 0.8 and x[3, 3] < 0.1
    assert not decode_png(_png(Image.new("L", (50, 50), 255))).any()


@pytest.mark.parametrize(
    "data",
    [
        b"GIF89a not a png",
        b"",
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 40,
        b"\x89PNG\r\n\x1a\n" + b"\x00" * MAX_PNG_BYTES,
    ],
    ids=["gif", "empty", "corrupt", "too-large"],
)
def test_bad_pngs_are_rejected(data):
    with pytest.raises(InputError) as caught:
        decode_png(data)
    assert caught.value.field == "image"


def test_huge_dimensions_are_rejected_before_decoding():
    data = _png(Image.new("1", (5000, 10), 0))
    assert len(data) < MAX_PNG_BYTES
    with pytest.raises(InputError, match="5000x10"):
        decode_png(data)


def test_non_bytes_and_non_png_formats_are_rejected():
    buffer = io.BytesIO()
    Image.new("L", (10, 10)).save(buffer, format="JPEG")
    for data in ("text", buffer.getvalue()):
        with pytest.raises(InputError):
            decode_png(data)


# -- explain on the trained models -----------------------------------------------------------


@pytest.fixture(scope="module")
def load():
    from apps.demos.engines.cam import SPECS

    models = {spec.name: spec.load(ensure_trained(spec, echo=None).path) for spec in SPECS.values()}
    return lambda spec: models[spec.name]


@pytest.mark.model
def test_explain_a_sample_with_every_method(load):
    result = explain("gap", sample=0, load=load)
    json.dumps(result)
    assert result["model"] == "gap" and result["classes"] == list(CLASSES)
    assert abs(sum(result["probabilities"]) - 1) < 1e-3
    assert result["target"] == result["predicted"] == samples()[0]["label"]
    assert list(result["maps"]) == ["cam", "gradcam", "scorecam"]
    for name, heatmap in result["maps"].items():
        heatmap = np.asarray(heatmap)
        assert heatmap.shape == (SIZE, SIZE) and heatmap.min() >= 0 and heatmap.max() == 1.0
        assert result["ms"][name] > 0
    assert result["passes"] == {
        "cam": {"forward": 1, "backward": 0},
        "gradcam": {"forward": 1, "backward": 1},
        "scorecam": {"forward": 65, "backward": 0},
    }
    assert result["sample"]["box"] == samples()[0]["box"]


@pytest.mark.model
def test_explain_a_drawn_image_for_a_chosen_target(load):
    canvas = Image.new("L", (300, 300), 255)
    ImageDraw.Draw(canvas).rectangle((40, 40, 140, 140), fill=0)  # a square, top left
    image = decode_png(_png(canvas))
    result = explain("fc", image=image, target=1, load=load)
    assert result["target"] == 1 and result["sample"] is None
    assert list(result["maps"]) == ["gradcam", "scorecam"]
    assert result["classes"][result["predicted"]] == "square"
    for heatmap in result["maps"].values():
        row, col = np.unravel_index(np.argmax(heatmap), (SIZE, SIZE))
        assert row < SIZE // 2 and col < SIZE // 2
    as_uint8 = explain("fc", image=(image * 255).astype(np.uint8), methods=["gradcam"], load=load)
    assert as_uint8["predicted"] == result["predicted"]


@pytest.mark.model
def test_concurrent_explanations_match_sequential_ones(load):
    from concurrent.futures import ThreadPoolExecutor

    jobs = [("gap", i) for i in range(6)] + [("fc", i) for i in range(6)]
    sequential = [explain(name, sample=i, load=load)["maps"] for name, i in jobs]
    with ThreadPoolExecutor(max_workers=4) as pool:
        parallel = list(pool.map(lambda job: explain(job[0], sample=job[1], load=load)["maps"], jobs))
    assert parallel == sequential
