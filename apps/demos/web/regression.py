"""Fundamentals lab, linear vs logistic regression and surrogate models of a black box: page and API."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from apps.demos import loaded, manifest
from apps.demos.engines.fundamentals import regression, surrogate
from apps.demos.engines.fundamentals.data import tumours
from apps.demos.engines.fundamentals.names import SURROGATES
from apps.demos.pictures.plot import digit_cells, line_chart
from apps.demos.web.fields import Number, WholeNumber
from apps.demos.web.forms import query_int, query_number, run_page

router = Router(tags=["fundamentals lab"])
(NAME,) = manifest.demo("regression").requires
D = regression.DEFAULTS
DEFAULT_SURROGATE = "tree-3"


class RegressionIn(Schema):
    feature: str = Field(D["feature"], description="One of load_breast_cancer's 30 feature names.")
    threshold: Number = Field(D["threshold"], description="Decision threshold on both models' outputs, 0-1.")
    surrogate: str = Field(DEFAULT_SURROGATE, description="tree-1 ... tree-10 or logistic: the global surrogate shown.")
    sample: WholeNumber = Field(0, description="A test digit (0-359) for the local, LIME-style surrogate.")


class RegressionOut(Schema):
    feature: str
    threshold: float
    x: list[float] = Field(..., description="The test tumours' feature values, ascending.")
    labels: list[int] = Field(..., description="1 = malignant.")
    linear_outputs: list[float] = Field(..., description="Linear regression's outputs for the test tumours: unbounded.")
    logistic_probabilities: list[float] = Field(..., description="Logistic regression's P(malignant): within [0, 1].")
    linear: dict[str, Any] = Field(
        ..., description="Intercept, slope, threshold cut, accuracy, precision, recall, MSE."
    )
    logistic: dict[str, Any] = Field(
        ..., description="Intercept, log-odds and odds ratio per unit, metrics, cross-entropy."
    )
    surrogate: str
    surrogate_fidelity: float = Field(
        ..., description="Agreement of the surrogate with the black box on the test digits."
    )
    surrogate_accuracy: float = Field(..., description="Agreement of the surrogate with the true labels.")
    black_box_accuracy: float
    where_black_box_errs: dict[str, Any]
    all_surrogates: dict[str, dict[str, float]]
    local: dict[str, Any] = Field(..., description="The local linear surrogate around the chosen digit.")


@router.post("/regression/", response=RegressionOut, summary="Linear vs logistic regression, and surrogates of an MLP")
def regression_api(request: HttpRequest, payload: RegressionIn):
    compared = regression.compare(feature=payload.feature, threshold=payload.threshold)
    explained = surrogate.explain(loaded.get(NAME), payload.surrogate, payload.sample)
    return {**compared, **explained}


def _regression_chart(result: dict[str, Any]) -> dict[str, Any]:
    curves = result["curves"]
    xs = curves["x"]
    ends = (xs[0], xs[-1])
    low = min(-0.2, *curves["linear"])
    high = max(1.2, *curves["linear"])
    series = [
        {"key": "bound", "points": [(ends[0], 0.0), (ends[1], 0.0)]},
        {"key": "bound", "points": [(ends[0], 1.0), (ends[1], 1.0)]},
        {"key": "threshold", "points": [(ends[0], result["threshold"]), (ends[1], result["threshold"])]},
        {"key": "linear", "points": list(zip(xs, curves["linear"], strict=True))},
        {"key": "logistic", "points": list(zip(xs, curves["logistic"], strict=True))},
    ]
    marks = [
        {"key": f"label-{label}", "x": x, "y": float(label), "r": 3}
        for x, label in zip(result["x"], result["labels"], strict=True)
    ]
    return line_chart(series, y_range=(low, high), marks=marks)


def _local_cells(weights: list[list[float]]) -> list[dict[str, Any]]:
    """The local surrogate's weight per 2×2 block, as cells over the 8×8 digit."""
    top = max(abs(w) for row in weights for w in row) or 1.0
    return [
        {
            "x": 2 * c,
            "y": 2 * r,
            "sign": "pos" if w >= 0 else "neg",
            "opacity": round(0.15 + 0.6 * abs(w) / top, 3),
            "w": w,
        }
        for r, row in enumerate(weights)
        for c, w in enumerate(row)
    ]


def _compute(get: dict[str, str]) -> dict[str, Any]:
    compared = regression.compare(
        feature=get.get("feature") or D["feature"],
        threshold=query_number(get.get("threshold"), "threshold", D["threshold"]),
    )
    explained = surrogate.explain(
        loaded.get(NAME), get.get("surrogate") or DEFAULT_SURROGATE, query_int(get.get("sample"), "sample", 0)
    )
    chosen = explained["all_surrogates"][explained["surrogate"]]
    return {
        "regression": compared,
        "chart": _regression_chart(compared),
        "explained": explained,
        "chosen": chosen,
        "percent": {
            "fidelity": round(100 * explained["surrogate_fidelity"], 1),
            "accuracy": round(100 * explained["surrogate_accuracy"], 1),
            "black_box": round(100 * explained["black_box_accuracy"], 1),
        },
        "cells": digit_cells([v for line in explained["sample"]["image"] for v in line]),
        "local_cells": _local_cells(explained["local"]["block_weights"]),
        "surrogate_rows": [
            {"name": name, **scores, "chosen": name == explained["surrogate"]}
            for name, scores in explained["all_surrogates"].items()
        ],
    }


def page(request: HttpRequest):
    get = request.GET
    context: dict[str, Any] = {
        "features": tumours().features,
        "feature": get.get("feature", D["feature"]),
        "threshold": get.get("threshold", str(D["threshold"])),
        "surrogates": SURROGATES,
        "surrogate": get.get("surrogate", DEFAULT_SURROGATE),
        "sample": get.get("sample", "0"),
    }
    return run_page(request, "regression", context, lambda: _compute(get))
