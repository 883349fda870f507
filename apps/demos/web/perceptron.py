"""Fundamentals lab, perceptron vs MLP on AND, OR and XOR: page and API."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from apps.demos.engines.fundamentals import perceptron
from apps.demos.pictures.plot import line_chart
from apps.demos.web.fields import Number, WholeNumber
from apps.demos.web.forms import query_int, query_number, run_page

router = Router(tags=["fundamentals lab"])
D = perceptron.DEFAULTS
PLANE = 150  # the input plane [-0.25, 1.25]² drawn 150 px wide


class PerceptronIn(Schema):
    gate: str = Field(D["gate"], description="and, or or xor: the gate shown in detail (all three are trained).")
    perceptron_epochs: WholeNumber = Field(D["perceptron_epochs"], description="Passes of Rosenblatt's rule, 1-100.")
    mlp_epochs: WholeNumber = Field(
        D["mlp_epochs"], description="Full-batch gradient-descent steps of the MLP, 1-2000."
    )
    hidden: WholeNumber = Field(D["hidden"], description="Hidden units of the MLP (tanh), 1-8.")
    learning_rate: Number = Field(D["learning_rate"], description="The MLP's step size, 0.001-10.")
    seed: WholeNumber = Field(D["seed"], description="Initial weights.")
    step: WholeNumber | None = Field(None, description="Show the perceptron after this epoch (0 = initial weights).")


class PerceptronOut(Schema):
    gate: str
    perceptron_accuracy: dict[str, float] = Field(..., description="Per gate, on its four inputs.")
    mlp_accuracy: dict[str, float] = Field(..., description="Per gate, on its four inputs.")
    epochs: dict[str, Any] = Field(
        ..., description="Perceptron epochs run per gate (it stops when none is wrong); MLP steps."
    )
    settings: dict[str, Any]
    perceptron: dict[str, Any] = Field(
        ..., description="The chosen gate: final weights, bias and the epoch-by-epoch history."
    )
    shown: dict[str, Any] = Field(..., description="The perceptron after the requested epoch: weights, bias, answers.")
    mlp: dict[str, Any] = Field(
        ..., description="The chosen gate: parameters, the first step's forward values and gradients, the loss curve."
    )


@router.post("/perceptron/", response=PerceptronOut, summary="Train a perceptron and an MLP on AND, OR and XOR")
def perceptron_api(request: HttpRequest, payload: PerceptronIn):
    return perceptron.gates(**payload.dict())


def _px(value: float) -> float:
    return round((value + 0.25) / 1.5 * PLANE, 1)


def boundary(weights: list[float], bias: float) -> dict[str, float] | None:
    """The perceptron's line w1·x + w2·y + b = 0 across the drawn plane, in pixels (None if w = 0)."""
    w1, w2 = weights
    low, high = -0.25, 1.25
    ends = []
    if abs(w2) > 1e-12:
        ends = [(x, -(w1 * x + bias) / w2) for x in (low, high)]
    elif abs(w1) > 1e-12:
        ends = [(-bias / w1, y) for y in (low, high)]
    else:
        return None
    (x1, y1), (x2, y2) = ends
    return {"x1": _px(x1), "y1": round(PLANE - _px(y1), 1), "x2": _px(x2), "y2": round(PLANE - _px(y2), 1)}


def _plane_points(result: dict[str, Any], predictions: list[int]) -> list[dict[str, Any]]:
    targets = result["targets"][result["gate"]]
    return [
        {"cx": _px(x), "cy": round(PLANE - _px(y), 1), "target": t, "right": p == t, "x": x, "y": y}
        for (x, y), t, p in zip(result["inputs"], targets, predictions, strict=True)
    ]


def _compute(get: dict[str, str]) -> dict[str, Any]:
    result = perceptron.gates(
        gate=get.get("gate") or D["gate"],
        perceptron_epochs=query_int(get.get("perceptron_epochs"), "perceptron_epochs", D["perceptron_epochs"]),
        mlp_epochs=query_int(get.get("mlp_epochs"), "mlp_epochs", D["mlp_epochs"]),
        hidden=query_int(get.get("hidden"), "hidden", D["hidden"]),
        learning_rate=query_number(get.get("learning_rate"), "learning_rate", D["learning_rate"]),
        seed=query_int(get.get("seed"), "seed", D["seed"]),
        step=query_int(get.get("step"), "step"),
    )
    shown, mlp = result["shown"], result["mlp"]
    cell = PLANE / perceptron.GRID
    region = [
        {"x": round(c * cell, 1), "y": round(PLANE - (r + 1) * cell, 1), "w": round(cell + 0.2, 1)}
        for r, row in enumerate(mlp["region"])
        for c, value in enumerate(row)
        if value
    ]
    losses = [(point["epoch"], point["loss"]) for point in mlp["losses"]]
    return {
        **result,
        "gates": [
            {"name": g, "perceptron": result["perceptron_accuracy"][g], "mlp": result["mlp_accuracy"][g]}
            for g in perceptron.GATES
        ],
        "plane": PLANE,
        "line": boundary(shown["weights"], shown["bias"]),
        "perceptron_points": _plane_points(result, shown["predictions"]),
        "last_step": len(result["perceptron"]["history"]) - 1,
        "mlp_points": _plane_points(result, mlp["predictions"]),
        "region": region,
        "loss_chart": line_chart([{"key": "loss", "points": losses}], log_y=True),
        "final_loss": losses[-1][1],
        "first_loss": mlp["first_step"]["loss"],
    }


def page(request: HttpRequest):
    get = request.GET
    context: dict[str, Any] = {
        "gates": tuple(perceptron.GATES),
        "gate": get.get("gate", D["gate"]),
        "values": {name: get.get(name, str(D[name])) for name in D if name != "gate"},
        "step": get.get("step", ""),
        "limits": perceptron.LIMITS,
    }
    return run_page(request, "perceptron", context, lambda: _compute(get))
