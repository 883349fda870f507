"""AutoML lab: neural architecture search, random search vs DARTS — page and API."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from apps.demos import loaded, manifest
from apps.demos.engines.nas.names import EDGES, OPERATION_NAMES
from apps.demos.pictures.plot import line_chart
from apps.demos.web.fields import WholeNumber
from apps.demos.web.forms import query_int, run_page

router = Router(tags=["AutoML lab"])
(NAME,) = manifest.demo("nas").requires


class NasIn(Schema):
    edge: WholeNumber = Field(0, description=f"The edge whose softmax(α) history to return (0-{len(EDGES) - 1}).")


class NasOut(Schema):
    search_space: dict[str, Any]
    alphas: list[list[float]] = Field(..., description="softmax(α) per edge (rows) over operations (columns).")
    alpha_history: list[list[float]] = Field(..., description="softmax(α) of the chosen edge every 10 DARTS steps.")
    edge: int
    genotype: list[str] = Field(..., description="The argmax operation per edge.")
    darts_accuracy: float
    random_search_accuracy: float
    random_search_genotype: list[str]
    random_search_evaluated: list[dict[str, Any]]
    supernet_val_accuracy: float
    search_seconds: dict[str, float]
    evaluated_architectures: dict[str, int]


def _run(edge: int) -> dict[str, Any]:
    from apps.demos.engines.nas import run

    return run(loaded.get(NAME), edge=edge)


@router.post("/nas/", response=NasOut, summary="Random search vs DARTS: alphas, genotype, accuracy and search cost")
def nas_api(request: HttpRequest, payload: NasIn):
    return _run(payload.edge)


def _compute(request: HttpRequest) -> dict[str, Any]:
    result = _run(query_int(request.GET.get("edge"), "edge", 0))
    history = result["alpha_history"]
    rows = []
    for e, ((i, j), weights) in enumerate(zip(EDGES, result["alphas"], strict=True)):
        rows.append(
            {
                "edge": e,
                "name": f"{i} → {j}",
                "cells": [
                    {"op": op, "weight": round(w, 3), "chosen": op == result["genotype"][e]}
                    for op, w in zip(OPERATION_NAMES, weights, strict=True)
                ],
                "random": result["random_search_genotype"][e],
            }
        )
    return {
        **result,
        "rows": rows,
        "history_chart": line_chart(
            [
                {"key": op, "points": [(10 * step, weights[k]) for step, weights in enumerate(history)]}
                for k, op in enumerate(OPERATION_NAMES)
            ],
            y_range=(0.0, 1.0),
        ),
        "op_keys": [{"key": op, "name": op} for op in OPERATION_NAMES],
        "percent": {
            "darts": round(100 * result["darts_accuracy"], 1),
            "random": round(100 * result["random_search_accuracy"], 1),
            "supernet": round(100 * result["supernet_val_accuracy"], 1),
        },
        "seconds": {k: round(v, 1) for k, v in result["search_seconds"].items()},
        "tried": [
            {**t, "val": round(100 * t["val_accuracy"], 1), "test": round(100 * t["test_accuracy"], 1)}
            for t in result["random_search_evaluated"]
        ],
    }


def page(request: HttpRequest):
    context: dict[str, Any] = {
        "edge": request.GET.get("edge", "0"),
        "edges": [{"index": e, "name": f"{i} → {j}"} for e, (i, j) in enumerate(EDGES)],
        "operations": OPERATION_NAMES,
    }
    return run_page(request, "nas", context, lambda: _compute(request))
