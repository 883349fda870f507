"""Learning paradigms lab: zero-, one-, few-shot and generalised zero-shot learning — page and API."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from apps.demos import loaded, manifest
from apps.demos.engines.shots import attributes
from apps.demos.engines.shots.lab import CALIBRATION_MAX, CALIBRATION_STEP, DEFAULT_CALIBRATION, SEED_MAX
from apps.demos.pictures.plot import line_chart
from apps.demos.web.fields import Number, WholeNumber
from apps.demos.web.forms import lang, query_int, query_number, run_page

router = Router(tags=["paradigms lab"])
(NAME,) = manifest.demo("shots").requires


class ShotsIn(Schema):
    calibration: Number = Field(
        DEFAULT_CALIBRATION,
        description=f"Calibrated stacking: subtracted from seen classes' scores (0-{CALIBRATION_MAX}).",
    )
    seed: WholeNumber = Field(0, description=f"Draws the k-shot support sets (0-{SEED_MAX}).")


class Gzsl(Schema):
    seen: float
    unseen: float
    harmonic: float
    calibration: float
    unseen_predicted_as_seen: float


class ShotsOut(Schema):
    seen_classes: list[int]
    unseen_classes: list[int]
    zsl_accuracy: float = Field(
        ..., description="Unseen digits, choosing among unseen classes, from descriptions only."
    )
    k_shot_accuracy: dict[int, float] = Field(..., description="k labelled examples per unseen digit -> accuracy.")
    gzsl: Gzsl
    gzsl_uncalibrated: Gzsl
    calibration_sweep: list[Gzsl]
    chance: float


def _run(calibration: float, seed: int) -> dict[str, Any]:
    from apps.demos.engines.shots import run

    return run(loaded.get(NAME), calibration=calibration, seed=seed)


@router.post("/shots/", response=ShotsOut, summary="Zero-shot, k-shot and GZSL accuracy on unseen digits")
def shots_api(request: HttpRequest, payload: ShotsIn):
    return _run(payload.calibration, payload.seed)


def _percent(value: float) -> float:
    return round(100 * value, 1)


def _compute(request: HttpRequest) -> dict[str, Any]:
    calibration = query_number(request.GET.get("calibration"), "calibration", DEFAULT_CALIBRATION)
    result = _run(calibration, query_int(request.GET.get("seed"), "seed", 0))
    k_shot = result["k_shot_accuracy"]
    sweep = result["calibration_sweep"]
    return {
        **result,
        "zsl_percent": _percent(result["zsl_accuracy"]),
        "chance_percent": _percent(result["chance"]),
        "k_rows": [{"k": k, "percent": _percent(a)} for k, a in k_shot.items()],
        "k_chart": line_chart(
            [
                {"key": "kshot", "points": [(k, a) for k, a in k_shot.items()], "dots": True},
                {"key": "zsl", "points": [(0, result["zsl_accuracy"]), (max(k_shot), result["zsl_accuracy"])]},
                {"key": "plain", "points": [(0, result["chance"]), (max(k_shot), result["chance"])]},
            ],
            y_range=(0.0, 1.0),
        ),
        "gzsl_chart": line_chart(
            [
                {"key": key, "points": [(row["calibration"], row[key]) for row in sweep]}
                for key in ("seen", "unseen", "harmonic")
            ],
            y_range=(0.0, 1.0),
            rules=[{"key": "threshold", "x": result["gzsl"]["calibration"]}],
        ),
        "k_keys": [
            {"key": "kshot", "name": _("k-shot (nearest prototype)")},
            {"key": "zsl", "name": _("zero-shot (description)")},
            {"key": "plain", "name": _("chance")},
        ],
        "gzsl_keys": [
            {"key": "seen", "name": _("seen digits")},
            {"key": "unseen", "name": _("unseen digits")},
            {"key": "harmonic", "name": _("harmonic mean H")},
        ],
        "gzsl_percent": {k: _percent(v) for k, v in result["gzsl"].items() if k != "calibration"},
        "plain_percent": {k: _percent(v) for k, v in result["gzsl_uncalibrated"].items() if k != "calibration"},
    }


def _descriptions() -> list[dict[str, Any]]:
    korean = lang() == "ko"
    names = {key: ko if korean else en for key, ko, en in attributes.ATTRIBUTES}
    return [
        {"digit": d, "unseen": d in attributes.UNSEEN, "attributes": [names[k] for k in keys]}
        for d, keys in attributes.DESCRIPTIONS.items()
    ]


def page(request: HttpRequest):
    context: dict[str, Any] = {
        "calibration": request.GET.get("calibration", DEFAULT_CALIBRATION),
        "seed": request.GET.get("seed", "0"),
        "calibration_max": CALIBRATION_MAX,
        "calibration_step": CALIBRATION_STEP,
        "seed_max": SEED_MAX,
        "descriptions": _descriptions(),
        "seen": attributes.SEEN,
        "unseen": attributes.UNSEEN,
    }
    return run_page(request, "shots", context, lambda: _compute(request))
