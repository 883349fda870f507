"""XAI lab: CAM vs Grad-CAM vs Score-CAM on two small CNNs, as side-by-side heatmaps and an API."""

from __future__ import annotations

import base64
from functools import lru_cache
from typing import Any, Literal
from urllib.parse import urlencode

import numpy as np
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_htmx.http import push_url
from ninja import Field, Router, Schema

from apps.demos import loaded
from apps.demos.engines import cam as engine  # torch, imported on first use
from apps.demos.engines.cam.names import HEADS as MODELS
from apps.demos.engines.cam.names import METHOD_NAMES as METHODS
from apps.demos.engines.errors import InputError, one_of
from apps.demos.engines.text import gettext_noop
from apps.demos.pictures.colour import VIRIDIS
from apps.demos.pictures.png import data_uri, grey, input_png, overlay_png
from apps.demos.web.fields import WholeNumber
from apps.demos.web.forms import query_int, run_page

router = Router(tags=["cam"])

METHOD_TITLES = {"cam": "CAM", "gradcam": "Grad-CAM", "scorecam": "Score-CAM"}
MODEL_TEXT = {
    "gap": (_("GAP model"), _("convolutions → global average pooling → one linear layer")),
    "fc": (_("FC model"), _("convolutions → max-pool → flatten → hidden fully connected layer → linear")),
}
SHAPE_NAMES = {"circle": _("circle"), "square": _("square"), "triangle": _("triangle"), "cross": _("cross")}
SOURCES = ("sample", "draw", "upload")

Model = Literal[MODELS]  # type: ignore[valid-type]
Method = Literal[METHODS]  # type: ignore[valid-type]


def _load(spec):
    return loaded.get(spec.name)


# --- the API ------------------------------------------------------------------------------------
class CamIn(Schema):
    model: Model = Field(..., description="gap: global average pooling + one linear layer; fc: a hidden FC layer.")
    sample: WholeNumber | None = Field(
        None, description="Index of a built-in held-out image (0–15). Give this or image."
    )
    image: str | None = Field(
        None, description="A PNG (at most 1 MiB) as base64, optionally as a data: URL. Give this or sample."
    )
    methods: list[Method] | None = Field(None, description="Default: every method that applies to the model.")
    target: WholeNumber | None = Field(None, description="Class index to explain; default: the predicted class.")


class PassesOut(Schema):
    forward: int
    backward: int


class CamOut(Schema):
    model: str
    classes: list[str]
    probabilities: list[float]
    target: int
    predicted: int
    maps: dict[str, list[list[float]]] = Field(..., description="Per method: H×W in [0, 1] at the input resolution.")
    passes: dict[str, PassesOut]
    ms: dict[str, float]
    image: list[list[float]] = Field(..., description="The model's input, H×W in [0, 1].")
    sample: dict[str, Any] | None = Field(None, description="For a built-in sample: its class and box.")


def _png_from_base64(text: str, field: str) -> bytes:
    head, comma, body = text.partition(",")
    if comma and head.startswith("data:"):
        text = body
    try:
        return base64.b64decode(text, validate=True)
    except ValueError:  # binascii.Error, or characters outside ASCII
        raise InputError(field, gettext_noop("This is not valid base64.")) from None


@router.post("/cam/", response=CamOut, summary="Explain a CNN's prediction with CAM, Grad-CAM and Score-CAM")
def cam_api(request: HttpRequest, payload: CamIn):
    if (payload.sample is None) == (payload.image is None):  # before decoding an image in vain
        raise InputError("sample", gettext_noop("Give exactly one of sample or image."))
    image = None if payload.image is None else engine.decode_png(_png_from_base64(payload.image, "image"))
    return engine.explain(
        payload.model,
        sample=payload.sample,
        image=image,
        methods=payload.methods,
        target=payload.target,
        load=_load,
    )


SCALE = 5  # 40 px input -> 200 px picture


@lru_cache(maxsize=1)
def _thumbnails() -> tuple[tuple[int, str, str], ...]:
    """(index, class, 40×40 PNG) of each built-in sample; the page scales them up crisply."""
    return tuple(
        (s["index"], s["class"], data_uri(grey(np.asarray(s["image"], dtype=np.float32), 1))) for s in engine.samples()
    )


# --- the page -----------------------------------------------------------------------------------
def class_label(name: str) -> str:
    if name.startswith("digit "):
        return gettext("digit %(label)s") % {"label": name.removeprefix("digit ")}
    return str(SHAPE_NAMES[name])


def _uploaded_png(request: HttpRequest) -> bytes:
    upload = request.FILES.get("image")
    if upload is None:
        raise InputError("image", gettext_noop("Choose a PNG file to upload."))
    return upload.read(engine.MAX_PNG_BYTES + 1)  # enough for decode_png to say it is too large


def _drawn_png(raw: str) -> bytes:
    if not raw:
        raise InputError("drawing", gettext_noop("Draw an object in the box first."))
    return _png_from_base64(raw, "drawing")


def _input(request: HttpRequest, source: str, params) -> dict[str, Any]:
    """explain()'s input arguments for the chosen source."""
    if source == "sample":
        return {"sample": query_int(params.get("sample"), "sample", 0)}
    if source == "draw":
        return {"image": engine.decode_png(_drawn_png(params.get("drawing", "")), field="drawing")}
    return {"image": engine.decode_png(_uploaded_png(request), field="image")}


def _panels(result: dict, method: str, lesson: str | None) -> list[dict[str, Any]]:
    pixels = np.asarray(result["image"], dtype=np.float32)
    box = result["sample"]["box"] if result["sample"] else None
    panels = []
    for name in METHODS:
        panel: dict[str, Any] = {"name": name, "title": METHOD_TITLES[name], "chosen": name == method}
        if name in result["maps"]:
            heat = np.asarray(result["maps"][name], dtype=np.float32)
            peak_y, peak_x = np.unravel_index(int(heat.argmax()), heat.shape)
            panel.update(
                png=overlay_png(pixels, heat, box, SCALE),
                passes=result["passes"][name],
                ms=result["ms"][name],
                empty=not heat.any(),
                peak_in_box=box is not None and box[0] <= peak_x < box[2] and box[1] <= peak_y < box[3],
            )
        else:
            panel["lesson"] = lesson
        panels.append(panel)
    return panels


def _explained(model: str, arguments: dict[str, Any], target: int | None) -> tuple[dict, str | None]:
    """Ask for all three methods; when the engine refuses CAM (the FC model), keep its reason
    as the lesson and run the methods that apply."""
    try:
        return engine.explain(model, methods=METHODS, target=target, load=_load, **arguments), None
    except engine.MethodNotApplicable as exc:
        return engine.explain(model, target=target, load=_load, **arguments), exc.translated(gettext)


def _compute(request: HttpRequest, context: dict[str, Any], params) -> dict[str, Any]:
    if context["source"] not in SOURCES:
        raise InputError("source", gettext_noop("Choose a sample, a drawing or an upload."))
    if context["method"]:  # which panel the page highlights
        one_of("method", context["method"], METHODS)
    model = context["model"]
    target = query_int(context["target"], "target")
    result, lesson = _explained(model, _input(request, context["source"], params), target)
    maps = {name: np.asarray(heat) for name, heat in result["maps"].items()}
    predicted, goal = result["predicted"], result["target"]
    return {
        **result,
        "input_png": input_png(
            np.asarray(result["image"], dtype=np.float32), (result["sample"] or {}).get("box"), SCALE
        ),
        "true_label": class_label(result["sample"]["class"]) if result["sample"] else None,
        "predicted_label": class_label(result["classes"][predicted]),
        "target_label": class_label(result["classes"][goal]),
        "bars": [
            {
                "label": class_label(name),
                "p": p,
                "percent": np.floor(p * 1000) / 10,
                "predicted": i == predicted,
                "target": i == goal,
            }
            for i, (name, p) in enumerate(zip(result["classes"], result["probabilities"], strict=True))
        ],
        "panels": _panels(result, context["method"], lesson),
        "cam_gradcam_max_diff": (
            float(np.abs(maps["cam"] - maps["gradcam"]).max()) if {"cam", "gradcam"} <= maps.keys() else None
        ),
        "channels": result["passes"]["scorecam"]["forward"] - 1 if "scorecam" in result["passes"] else None,
    }


def _preset_url(request: HttpRequest, context: dict[str, Any]) -> str:
    """The shareable address of a built-in sample's result (questions link to these)."""
    query = {key: context[key] for key in ("model", "sample", "method", "target") if context[key] not in (None, "")}
    return f"{request.path}?{urlencode(query)}"


def page(request: HttpRequest):
    """GET: presets from the query (model, method, sample, target). POST: the form, which may
    carry a drawing or an uploaded PNG; for a built-in sample the answer pushes the preset URL."""
    params = request.POST if request.method == "POST" else request.GET
    context: dict[str, Any] = {
        "model": params.get("model", "gap"),
        "method": params.get("method", ""),
        "sample": params.get("sample", "0"),
        "target": params.get("target", ""),
        "source": params.get("source", "sample"),
        "models": [{"value": m, "name": MODEL_TEXT[m][0], "text": MODEL_TEXT[m][1]} for m in MODELS],
        "samples": [{"index": i, "label": class_label(name), "png": png} for i, name, png in _thumbnails()],
        "target_choices": [(str(i), class_label(name)) for i, name in enumerate(engine.CLASSES)],
        "max_upload_kb": engine.MAX_PNG_BYTES // 1024,
        "colour_stops": VIRIDIS,
    }
    response = run_page(request, "cam", context, lambda: _compute(request, context, params))
    if request.htmx and request.method == "POST" and context["source"] == "sample" and response.status_code == 200:
        push_url(response, _preset_url(request, context))
    return response
