"""Masking schemes of GPT, BERT, RoBERTa, SpanBERT and BART: page and API."""

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema

from apps.demos.engines.lm import masking
from apps.demos.web.fields import WholeNumber
from apps.demos.web.forms import lang, query_int, run_page

router = Router(tags=["masking"])

SAMPLE_TEXT = (
    "The encoder reads the whole sentence at once. The decoder writes the answer one word at a time. "
    "Masking hides some words so the model must guess them from the context."
)
Scheme = Literal[masking.SCHEME_NAMES]  # type: ignore[valid-type]


class MaskingIn(Schema):
    text: str = Field(..., min_length=1, max_length=masking.MAX_CHARS)
    scheme: Scheme
    seed: WholeNumber = Field(0, ge=0, le=masking.MAX_SEED)
    epochs: WholeNumber = Field(1, ge=1, le=masking.MAX_EPOCHS)


class MaskingOut(Schema):
    scheme: str
    tokens: list[str]
    epochs: list[dict[str, Any]]
    attention_mask: list[list[int]] | None = None


@router.post("/masking/", response=MaskingOut, summary="Corrupt a text as a pre-training scheme would")
def masking_api(request: HttpRequest, payload: MaskingIn):
    return masking.apply(payload.text, payload.scheme, seed=payload.seed, epochs=payload.epochs)


def _cells(epoch: dict) -> list[dict] | None:
    """Input tokens paired with their targets, with what happened to each (mask, random, keep),
    when input and target line up position by position; None when they do not (BART's deletion,
    infilling, permutation, rotation change the length or the order)."""
    inputs, targets = epoch["input"], epoch["target"]
    if len(inputs) != len(targets):
        return None
    actions = epoch.get("actions") or [None] * len(inputs)
    return [
        {"token": token, "target": target, "kind": action or ("mask" if token == masking.MASK else "")}
        for token, target, action in zip(inputs, targets, actions, strict=True)
    ]


def page(request: HttpRequest):
    params = request.GET
    scheme = params.get("scheme", "bert")
    text = params.get("text", SAMPLE_TEXT)
    context = {
        "schemes": [
            {
                "name": s["name"],
                "title": s[f"title_{lang()}"],
                "description": s[f"description_{lang()}"],
                "dynamic": s["dynamic"],
            }
            for s in masking.SCHEMES
        ],
        "scheme": scheme,
        "text": text,
        "seed": params.get("seed", "0"),
        "epochs": params.get("epochs", "3" if scheme == "roberta" else "1"),
    }

    def compute():
        result = masking.apply(
            text,
            scheme,
            seed=query_int(params.get("seed"), "seed", 0),
            epochs=query_int(context["epochs"], "epochs", 1),
        )
        result["info"] = next(s for s in context["schemes"] if s["name"] == result["scheme"])
        for epoch in result["epochs"]:
            epoch["cells"] = _cells(epoch)
        return result

    return run_page(request, "masking", context, compute)
