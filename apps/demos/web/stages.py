"""Fundamentals lab, the five stages of deep learning measured on one digit task: page and API."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema

from apps.demos import loaded, manifest
from apps.demos.engines.fundamentals.names import STAGES
from apps.demos.pictures.plot import digit_cells, line_chart
from apps.demos.web.fields import WholeNumber
from apps.demos.web.forms import query_int, run_page

router = Router(tags=["fundamentals lab"])
(NAME,) = manifest.demo("stages").requires

# The notes' five stages (001), and what stands for each one here.
STAGE_TEXT = {
    "rules": (_("1. Rule-based programming"), _("If-then rules on loops, width and ink position, written by hand.")),
    "features": (
        _("2. Classical machine learning"),
        _("Hand-made features (ink per zone, row and column profiles, loops) + logistic regression."),
    ),
    "scratch": (_("3. Deep learning"), _("A small CNN learns its own features from the raw pixels.")),
    "finetune": (
        _("4. Pre-training and fine-tuning"),
        _("The CNN pre-trained on other writers' digits, with a new head fine-tuned on 10 examples per class."),
    ),
    "prompt": (
        _("5. Prompting (in-context)"),
        _(
            "The pre-trained network, not trained on the task: one example per class is the prompt; the nearest one wins."
        ),
    ),
}
CURVE_STAGES = ("features", "scratch", "finetune", "prompt")


class StagesIn(Schema):
    sample: WholeNumber = Field(0, description="A test image (0-359): what each stage answers for it.")


class StageRow(Schema):
    stage: str
    task_labels: int = Field(..., description="Labelled examples of this task the stage used.")
    upstream_labels: int = Field(..., description="Labelled examples of other writers' digits seen in pre-training.")
    train_seconds: float = Field(..., description="CPU seconds of training on the task (pre-training not included).")
    accuracy: float = Field(..., description="On the 360 held-out test images.")


class StagesOut(Schema):
    table: list[StageRow]
    label_curve: list[dict[str, Any]] = Field(..., description="Accuracy with 1, 5, 10, 30 and all labels per class.")
    pretrain_seconds: float
    test_size: int
    sample: dict[str, Any]


@router.post("/stages/", response=StagesOut, summary="The five stages' measured accuracy, labels and training time")
def stages_api(request: HttpRequest, payload: StagesIn):
    from apps.demos.engines.fundamentals import stages

    return stages.view(loaded.get(NAME), payload.sample)


def _compute(raw_sample: str | None) -> dict[str, Any]:
    from apps.demos.engines.fundamentals import stages

    result = stages.view(loaded.get(NAME), query_int(raw_sample, "sample", 0))
    curve = result["label_curve"]
    chart = line_chart(
        [{"key": stage, "points": [(p["labels"], p[stage]) for p in curve], "dots": True} for stage in CURVE_STAGES],
        log_x=True,
        y_range=(0.0, 1.0),
    )
    sample = result["sample"]
    rows = [
        {
            **row,
            "name": STAGE_TEXT[row["stage"]][0],
            "how": STAGE_TEXT[row["stage"]][1],
            "percent": round(100 * row["accuracy"], 1),
            "answer": sample["predictions"][row["stage"]],
            "right": sample["predictions"][row["stage"]] == sample["label"],
        }
        for row in result["table"]
    ]
    few = curve[0]
    return {
        **result,
        "rows": rows,
        "chart": chart,
        "curve_rows": [
            {"labels": p["labels"], "per_class": p["per_class"], "cells": [round(100 * p[s], 1) for s in CURVE_STAGES]}
            for p in curve
        ],
        "curve_keys": [{"key": s, "name": STAGE_TEXT[s][0]} for s in CURVE_STAGES],
        "few": {s: round(100 * few[s], 1) for s in CURVE_STAGES},
        "cells": digit_cells(sample["pixels"]),
    }


def page(request: HttpRequest):
    context: dict[str, Any] = {"sample": request.GET.get("sample", "0"), "stage_names": STAGES}
    return run_page(request, "stages", context, lambda: _compute(request.GET.get("sample")))
