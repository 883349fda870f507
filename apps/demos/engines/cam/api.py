"""Public inference API for the web layer: plain data in, plain data out."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import torch

from apps.demos.engines.cam.data import CLASSES, SIZE, generate
from apps.demos.engines.cam.errors import MethodNotApplicable
from apps.demos.engines.cam.methods import METHODS
from apps.demos.engines.cam.network import HEADS, CamNet
from apps.demos.engines.cam.trainer import FC_SPEC, GAP_SPEC
from apps.demos.engines.errors import InputError, one_of, whole_number
from apps.demos.engines.spec import TrainSpec
from apps.demos.engines.text import gettext_noop

SPECS: dict[str, TrainSpec] = {"gap": GAP_SPEC, "fc": FC_SPEC}
SAMPLES_SEED = 3  # differs from the training (1) and gate (2) seeds
SAMPLES_PER_CLASS = 2

ModelLoader = Callable[[TrainSpec], CamNet]


def applicable_methods(model_name: str) -> list[str]:
    """Method names that work on ``model_name`` ("gap": all three, "fc": no CAM)."""
    _check_model_name(model_name)
    return [name for name in METHODS if model_name == "gap" or name != "cam"]


@lru_cache(maxsize=1)
def _sample_set():
    return generate(SAMPLES_PER_CLASS * len(CLASSES), SAMPLES_SEED, "heldout")


def samples() -> list[dict[str, Any]]:
    """The built-in held-out images: index, label, class name, box [left, top, right, bottom)
    in pixels (right/bottom exclusive) and the image as SIZE x SIZE floats in [0, 1]."""
    ds = _sample_set()
    return [
        {
            "index": i,
            "label": int(ds.labels[i]),
            "class": CLASSES[ds.labels[i]],
            "box": [int(v) for v in ds.boxes[i]],
            "image": np.round(ds.images[i], 3).tolist(),
        }
        for i in range(len(ds))
    ]


def explain(
    model_name: str,
    *,
    sample: int | None = None,
    image: np.ndarray | Sequence[Sequence[float]] | None = None,
    methods: Sequence[str] | None = None,
    target: int | None = None,
    load: ModelLoader,
) -> dict[str, Any]:
    """Explain one image (a built-in ``sample`` index or an ``image``) with each method.

    ``image`` is SIZE x SIZE, floats in [0, 1] or integer grey levels 0-255 (see
    ``decode_png`` for uploads). ``methods=None`` runs every method that applies to the
    model; ``target=None`` explains the predicted class. ``load`` turns a TrainSpec into the
    model (the web layer passes its cache). Returns the class probabilities and, per method,
    a SIZE x SIZE map in [0, 1], its pass counts and its milliseconds.
    """
    _check_model_name(model_name)
    pixels, sample_info = _input_image(sample, image)
    chosen = _chosen_methods(model_name, methods)
    if target is not None:
        whole_number("target", target, 0, len(CLASSES) - 1)

    model = load(SPECS[model_name])
    x = torch.from_numpy(pixels)[None, None]
    with torch.inference_mode():
        probabilities = model(x).softmax(dim=1)[0]
    predicted = int(probabilities.argmax())
    goal = predicted if target is None else int(target)
    maps, passes, ms = {}, {}, {}
    for name in chosen:
        result = METHODS[name]()(model, x, goal)
        maps[name] = np.round(result.heatmap, 4).tolist()
        passes[name] = {"forward": result.forward, "backward": result.backward}
        ms[name] = round(result.ms, 3)
    return {
        "model": model_name,
        "classes": list(CLASSES),
        "probabilities": [round(float(p), 5) for p in probabilities],
        "target": goal,
        "predicted": predicted,
        "maps": maps,
        "passes": passes,
        "ms": ms,
        "image": np.round(pixels, 3).tolist(),
        "sample": sample_info,
    }


def _check_model_name(model_name: str) -> None:
    one_of("model", model_name, HEADS)


def _input_image(sample, image) -> tuple[np.ndarray, dict[str, Any] | None]:
    if (sample is None) == (image is None):
        raise InputError("sample", gettext_noop("Give exactly one of sample or image."))
    if sample is not None:
        return _sample_image(sample)
    return _grid_image(image), None


def _sample_image(sample) -> tuple[np.ndarray, dict[str, Any]]:
    ds = _sample_set()
    i = whole_number("sample", sample, 0, len(ds) - 1)
    info = {"index": i, "label": int(ds.labels[i]), "class": CLASSES[ds.labels[i]], "box": ds.boxes[i].tolist()}
    return ds.images[i], info


def _grid_image(image) -> np.ndarray:
    """SIZE x SIZE floats in [0, 1] (or grey levels 0-255) as float32 in [0, 1]."""
    try:
        array = np.asarray(image)
    except (ValueError, TypeError) as exc:
        raise InputError("image", gettext_noop("The image must be a rectangular grid of numbers.")) from exc
    if array.shape != (SIZE, SIZE):
        raise InputError(
            "image",
            gettext_noop("The image must be %(size)sx%(size)s; got shape %(shape)s."),
            size=SIZE,
            shape="x".join(map(str, array.shape)),
        )
    if np.issubdtype(array.dtype, np.integer):
        if array.min() < 0 or array.max() > 255:
            raise InputError("image", gettext_noop("Integer grey levels must lie in 0–255."))
        return (array / 255.0).astype(np.float32)
    if not np.issubdtype(array.dtype, np.floating) or not np.isfinite(array).all():
        raise InputError("image", gettext_noop("The image must hold finite numbers."))
    if array.min() < 0.0 or array.max() > 1.0:
        raise InputError("image", gettext_noop("Fractional pixel values must lie in [0, 1]."))
    return array.astype(np.float32)


def _chosen_methods(model_name: str, methods: Sequence[str] | None) -> list[str]:
    if methods is None:
        return applicable_methods(model_name)
    if isinstance(methods, str) or not methods:
        raise InputError(
            "methods", gettext_noop("Give a non-empty list drawn from: %(choices)s."), choices=", ".join(METHODS)
        )
    for name in methods:
        one_of("methods", name, METHODS)
    if "cam" in methods and model_name != "gap":
        raise MethodNotApplicable()
    return list(dict.fromkeys(methods))  # each once, in the order asked
