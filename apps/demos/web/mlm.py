"""Language-model lab, masked LM: fill in every [MASK] of a sentence; page and API."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from pydantic import StrictStr

from apps.demos import loaded, manifest
from apps.demos.engines import lm  # its model code (torch) is imported on first use
from apps.demos.engines.lm.tokenizer import UNK
from apps.demos.engines.lm.validation import MAX_TEXT_CHARS, MAX_TOP_K
from apps.demos.web.fields import WholeNumber
from apps.demos.web.forms import query_int, run_page

router = Router(tags=["language-model lab"])
(NAME,) = manifest.demo("mlm").requires
DEFAULT_TOP_K = 5


class MlmIn(Schema):
    text: StrictStr = Field(
        ...,
        min_length=1,
        max_length=MAX_TEXT_CHARS,
        description="A sentence with at least one [MASK] (any case), at most 64 tokens. "
        "Lower-cased; words and punctuation marks are tokens; unknown words become [UNK].",
    )
    top_k: WholeNumber = Field(DEFAULT_TOP_K, ge=1, le=MAX_TOP_K, description=f"Candidates per [MASK], 1–{MAX_TOP_K}.")


class Candidate(Schema):
    token: str
    probability: float


class Prediction(Schema):
    position: int = Field(..., description="Index of the [MASK] in tokens.")
    candidates: list[Candidate]


class MlmOut(Schema):
    tokens: list[str] = Field(..., description="The text as the model sees it.")
    predictions: list[Prediction]


@router.post("/mlm/", response=MlmOut, summary="Fill in each [MASK] with the masked language model's top-k words")
def mlm_api(request: HttpRequest, payload: MlmIn):
    return lm.fill_mask(loaded.get(NAME), payload.text, payload.top_k)


def _compute(text: str, raw_top_k: str) -> dict[str, Any]:
    result = lm.fill_mask(loaded.get(NAME), text, query_int(raw_top_k, "top_k", DEFAULT_TOP_K))
    best = {p["position"]: p["candidates"][0]["token"] for p in result["predictions"]}
    for number, prediction in enumerate(result["predictions"], start=1):
        prediction["number"] = number
        for c in prediction["candidates"]:
            c["percent"] = round(100 * c["probability"], 1)
    result["filled"] = [{"token": best.get(i, token), "guess": i in best} for i, token in enumerate(result["tokens"])]
    result["has_unknown"] = UNK in result["tokens"]
    return result


def page(request: HttpRequest):
    params = request.GET
    context: dict[str, Any] = {
        "text": params.get("text", lm.MLM_EXAMPLES[0]["text"]),
        "top_k": params.get("top_k", str(DEFAULT_TOP_K)),
        "max_top_k": MAX_TOP_K,
        "examples": [e["text"] for e in lm.MLM_EXAMPLES],
    }
    return run_page(request, "mlm", context, lambda: _compute(context["text"], context["top_k"]), _about)


def _about(context: dict[str, Any]) -> None:
    """What the model is and how well it scored when it was trained."""
    lab, metadata = loaded.get(NAME), loaded.artifact(NAME).metadata
    recipe = lm.MLM_SPEC.recipe
    context["about"] = {
        "words": len(lab.vocab) - lab.vocab.num_special,
        "layers": recipe["model"]["layers"],
        "d_model": recipe["model"]["d_model"],
        "mask": {
            "rate": round(100 * recipe["mask"]["rate"]),
            "mask": round(100 * recipe["mask"]["mask"]),
            "random": round(100 * recipe["mask"]["random"]),
            "keep": round(100 * (1 - recipe["mask"]["mask"] - recipe["mask"]["random"])),
        },
        "metrics": {k: round(100 * metadata["metrics"][k], 1) for k in ("top1", "top5", "unigram_top1")},
        "train_sentences": metadata["data"]["train_sentences"],
    }
