"""Recurrent-network lab: vanishing gradients in a vanilla RNN, the LSTM's and GRU's gates — page and API."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from apps.demos import loaded, manifest
from apps.demos.engines.rnn.names import CELL_NAMES, LENGTHS
from apps.demos.pictures.plot import line_chart
from apps.demos.web.fields import WholeNumber
from apps.demos.web.forms import query_int, run_page

router = Router(tags=["recurrent-network lab"])
(NAME,) = manifest.demo("rnn").requires
CELL_LABELS = {"rnn": "vanilla RNN", "lstm": "LSTM", "gru": "GRU"}


class RnnIn(Schema):
    length: WholeNumber = Field(
        LENGTHS[-1], description=f"Sequence length whose gradient profile to show, one of {LENGTHS}."
    )


class RnnOut(Schema):
    lengths: list[int]
    chance: float
    cells: dict[str, dict[str, list[float]]] = Field(
        ...,
        description="Per cell: held-out accuracy and the first step's gradient norm (before/after training) per length.",
    )
    length: int
    profiles: dict[str, list[float]] = Field(
        ..., description="Per cell: gradient norm per time step at initialisation."
    )


def _run(length: int) -> dict[str, Any]:
    from apps.demos.engines.rnn import run

    return run(loaded.get(NAME), length)


@router.post("/rnn/", response=RnnOut, summary="Accuracy and first-step gradient of an RNN, an LSTM and a GRU")
def rnn_api(request: HttpRequest, payload: RnnIn):
    return _run(payload.length)


def _compute(request: HttpRequest) -> dict[str, Any]:
    result = _run(query_int(request.GET.get("length"), "length", LENGTHS[-1]))
    cells = result["cells"]
    rows = [
        {
            "name": CELL_LABELS[cell],
            "accuracy": [round(100 * a) for a in cells[cell]["accuracy"]],
            "gradient": [f"{g:.1e}" for g in cells[cell]["first_step_gradient_before"]],
        }
        for cell in CELL_NAMES
    ]
    return {
        **result,
        "rows": rows,
        "chance_percent": round(100 * result["chance"]),
        "accuracy_chart": line_chart(
            [
                {"key": cell, "points": list(zip(LENGTHS, cells[cell]["accuracy"], strict=True)), "dots": True}
                for cell in CELL_NAMES
            ],
            y_range=(0.0, 1.0),
        ),
        "gradient_chart": line_chart(
            [
                {
                    "key": cell,
                    "points": list(zip(LENGTHS, cells[cell]["first_step_gradient_before"], strict=True)),
                    "dots": True,
                }
                for cell in CELL_NAMES
            ],
            log_y=True,
        ),
        "profile_chart": line_chart(
            [{"key": cell, "points": list(enumerate(result["profiles"][cell], start=1))} for cell in CELL_NAMES],
            log_y=True,
        ),
        "keys": [{"key": cell, "name": CELL_LABELS[cell]} for cell in CELL_NAMES],
    }


def page(request: HttpRequest):
    context: dict[str, Any] = {"length": request.GET.get("length", str(LENGTHS[-1])), "lengths": LENGTHS}
    return run_page(request, "rnn", context, lambda: _compute(request))
