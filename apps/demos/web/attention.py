"""Language-model lab, attention: the masked LM's self-attention for a typed sentence; page and API."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from pydantic import StrictInt, StrictStr

from apps.demos import loaded, manifest
from apps.demos.engines import lm  # its model code (torch) is imported on first use
from apps.demos.web.forms import query_int, run_page
from apps.demos.web.heat_tables import heat_rows, mask_rows

router = Router(tags=["language-model lab"])
(NAME,) = manifest.demo("attention").requires
EXAMPLE = "Return a copy of the list."


class AttentionIn(Schema):
    text: StrictStr = Field(
        ..., description="A sentence of at most 64 tokens (lower-cased; unknown words become [UNK])."
    )
    layer: StrictInt = Field(1, description="Layer of the worked example, from 1.")
    head: StrictInt = Field(1, description="Head of the worked example, from 1.")
    query: StrictInt = Field(1, description="Query token of the worked example, from 1 ([CLS]).")


@router.post("/attention/", summary="The masked LM's attention weights per layer and head, one query worked out")
def attention_api(request: HttpRequest, payload: AttentionIn) -> dict[str, Any]:
    return lm.attention(loaded.get(NAME), payload.text, payload.layer, payload.head, payload.query)


def _compute(context: dict[str, Any]) -> dict[str, Any]:
    result = lm.attention(
        loaded.get(NAME),
        context["text"],
        query_int(context["layer"], "layer", 1),
        query_int(context["head"], "head", 1),
        query_int(context["query"], "query", 1),
    )
    step = result["step"]
    result["maps"] = [
        {
            "layer": n,
            "head": h,
            "rows": heat_rows(result["tokens"], matrix),
            "chosen": (n, h) == (step["layer"], step["head"]),
        }
        for n, layer in enumerate(result["weights"], start=1)
        for h, matrix in enumerate(layer, start=1)
    ]
    result["causal_rows"] = heat_rows(result["tokens"], result["causal_weights"])
    result["mask_rows"] = {name: mask_rows(mask) for name, mask in result["masks"].items()}
    result["step_rows"] = [
        {"token": token, "score": s, "scaled": c, "weight": w}
        for token, s, c, w in zip(result["tokens"], step["scores"], step["scaled"], step["softmax"], strict=True)
    ]
    result["query_token"] = result["tokens"][step["query"] - 1]
    return result


def page(request: HttpRequest):
    params = request.GET
    context: dict[str, Any] = {
        "text": params.get("text", EXAMPLE),
        "layer": params.get("layer", "1"),
        "head": params.get("head", "1"),
        "query": params.get("query", "1"),
    }
    return run_page(request, "attention", context, lambda: _compute(context))
