"""Fundamentals lab, over- and underfitting: the capacity knob, epochs and remedies; page and API."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema

from apps.demos import loaded, manifest
from apps.demos.engines.fundamentals import capacity
from apps.demos.engines.fundamentals.names import KNOBS, REMEDIES
from apps.demos.pictures.plot import line_chart
from apps.demos.web.fields import Number, WholeNumber
from apps.demos.web.forms import query_int, query_number, run_page

router = Router(tags=["fundamentals lab"])
(NAME,) = manifest.demo("fitting").requires
D = capacity.DEFAULTS
REGIME_TEXT = {"underfit": _("underfit"), "good": _("good fit"), "overfit": _("overfit")}
KNOB_TEXT = {"tree": _("Decision-tree depth"), "width": _("MLP hidden units")}
REMEDY_TEXT = {
    "none": _("No remedy (100 labelled digits)"),
    "more_data": _("More data (all 629 labelled digits)"),
    "l2": _("L2 regularisation"),
    "dropout": _("Dropout (p = 0.5)"),
}


class FittingIn(Schema):
    max_degree: WholeNumber = Field(D["max_degree"], description="Highest polynomial degree swept, 2-15.")
    degree: WholeNumber = Field(D["degree"], description="The degree whose fitted curve is returned.")
    points: WholeNumber = Field(D["points"], description="Training points, 8-500 (more data is a remedy).")
    noise: Number = Field(D["noise"], description="Standard deviation of the noise, 0-1.5.")
    l2: Number = Field(D["l2"], description="L2 penalty on the coefficients, 0-100.")
    seed: WholeNumber = Field(D["seed"], description="Draws the points.")
    knob: str = Field("tree", description="Digits capacity knob: tree (depth) or width (MLP hidden units).")
    remedy: str = Field("none", description="Epoch curves: none, more_data, l2 or dropout.")


class FittingOut(Schema):
    capacities: list[int] = Field(..., description="Polynomial degrees 0..max_degree.")
    train_error: list[float] = Field(..., description="Mean squared error on the training points.")
    validation_error: list[float] = Field(..., description="Mean squared error on 400 fresh points.")
    best_capacity: int = Field(..., description="The degree with the lowest validation error.")
    regime: list[str] = Field(..., description="underfit, good or overfit per degree (one-standard-error rule).")
    standard_error: float
    fit: dict[str, Any]
    digits: dict[str, Any] = Field(
        ..., description="The same for load_digits (tree depth or MLP width) and epoch curves."
    )


@router.post("/fitting/", response=FittingOut, summary="Train and validation error against capacity and epochs")
def fitting_api(request: HttpRequest, payload: FittingIn):
    from apps.demos.engines.fundamentals import digit_fitting

    values = payload.dict()
    knob, remedy = values.pop("knob"), values.pop("remedy")
    return {**capacity.sweep(**values), "digits": digit_fitting.curves(loaded.get(NAME), knob, remedy)}


def _regime_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "capacity": c,
            "train": t,
            "validation": v,
            "regime": r,
            "regime_text": REGIME_TEXT[r],
            "best": c == result["best_capacity"],
        }
        for c, t, v, r in zip(
            result["capacities"], result["train_error"], result["validation_error"], result["regime"], strict=True
        )
    ]


def _error_chart(result: dict[str, Any], log_x: bool, log_y: bool) -> dict[str, Any]:
    caps = result["capacities"]
    best = caps.index(result["best_capacity"])
    return line_chart(
        [
            {"key": "train", "points": list(zip(caps, result["train_error"], strict=True)), "dots": True},
            {"key": "validation", "points": list(zip(caps, result["validation_error"], strict=True)), "dots": True},
        ],
        log_x=log_x,
        log_y=log_y,
        y_range=None if log_y else (0.0, max(result["validation_error"] + result["train_error"])),
        marks=[{"key": "best", "x": caps[best], "y": result["validation_error"][best], "r": 7}],
    )


def _compute(get: dict[str, str]) -> dict[str, Any]:
    from apps.demos.engines.fundamentals import digit_fitting

    poly = capacity.sweep(
        max_degree=query_int(get.get("max_degree"), "max_degree", D["max_degree"]),
        degree=query_int(get.get("degree"), "degree", D["degree"]),
        points=query_int(get.get("points"), "points", D["points"]),
        noise=query_number(get.get("noise"), "noise", D["noise"]),
        l2=query_number(get.get("l2"), "l2", D["l2"]),
        seed=query_int(get.get("seed"), "seed", D["seed"]),
    )
    digits = digit_fitting.curves(loaded.get(NAME), get.get("knob") or "tree", get.get("remedy") or "none")
    fit, pts = poly["fit"], poly["points"]
    ys = pts["y"] + fit["truth"]
    fit_chart = line_chart(
        [
            {"key": "truth", "points": list(zip(fit["x"], fit["truth"], strict=True))},
            {"key": "fit", "points": list(zip(fit["x"], fit["y"], strict=True))},
        ],
        y_range=(min(ys) - 0.3, max(ys) + 0.3),
        marks=[{"key": "point", "x": x, "y": y, "r": 3} for x, y in zip(pts["x"], pts["y"], strict=True)],
    )
    curve, plain = digits["epochs"]["curve"], digits["plain_epochs"]["curve"]
    stop = digits["early_stopping"]
    epoch_chart = line_chart(
        [
            {"key": "train", "points": [(p["epoch"], p["train_loss"]) for p in curve]},
            {"key": "validation", "points": [(p["epoch"], p["validation_loss"]) for p in curve]},
            *(
                [{"key": "plain", "points": [(p["epoch"], p["validation_loss"]) for p in plain]}]
                if digits["remedy"] != "none"
                else []
            ),
        ],
        log_y=True,
        rules=[{"key": "stop", "x": stop["best"]["epoch"]}],
    )
    last, lowest = plain[-1], stop["best"]
    return {
        "poly": poly,
        "poly_rows": _regime_rows(poly),
        "fit_chart": fit_chart,
        "poly_chart": _error_chart(poly, log_x=False, log_y=True),
        "fit_regime": REGIME_TEXT[fit["regime"]],
        "digits": digits,
        "digit_rows": _regime_rows(digits),
        "digit_chart": _error_chart(digits, log_x=digits["knob"] == "width", log_y=False),
        "knob_text": KNOB_TEXT[digits["knob"]],
        "remedy_text": REMEDY_TEXT[digits["remedy"]],
        "epoch_chart": epoch_chart,
        "final": curve[-1],
        "plain_last": last,
        "plain_lowest": lowest,
    }


def page(request: HttpRequest):
    get = request.GET
    context: dict[str, Any] = {
        "values": {name: get.get(name, str(D[name])) for name in D},
        "knobs": [{"value": k, "name": KNOB_TEXT[k]} for k in KNOBS],
        "knob": get.get("knob", "tree"),
        "remedies": [{"value": r, "name": REMEDY_TEXT[r]} for r in REMEDIES],
        "remedy": get.get("remedy", "none"),
    }
    return run_page(request, "fitting", context, lambda: _compute(get))
