"""Language-model lab, ELECTRA: the discriminator's replaced-probability for every word and its
WordPiece pieces; page and API."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from pydantic import StrictBool, StrictStr

from apps.demos import loaded, manifest
from apps.demos.engines import lm  # its model code (torch) is imported on first use
from apps.demos.engines.lm.validation import MAX_SEED, MAX_TEXT_CHARS
from apps.demos.pictures.colour import REDS, heat
from apps.demos.web.fields import WholeNumber
from apps.demos.web.forms import lang, query_int, run_page

router = Router(tags=["language-model lab"])
(NAME,) = manifest.demo("electra").requires

# Offered when a learner swaps a word: corpus words that fit few contexts ("loop", "never") are
# often caught, words that fit many ("the", "class") rarely; the last ones never occur in the
# corpus and split into several pieces.
SWAP_SUGGESTIONS = ("loop", "never", "not", "string", "module", "class", "the", "banana", "violin", "ocean")


class ElectraIn(Schema):
    text: StrictStr = Field(
        ...,
        min_length=1,
        max_length=MAX_TEXT_CHARS,
        description="A sentence of at most 64 words and punctuation marks (128 WordPiece pieces).",
    )
    corrupt: StrictBool = Field(
        False, description="Let the generator first refill about 15% of the words with sampled pieces."
    )
    seed: WholeNumber = Field(
        0, ge=0, le=MAX_SEED, description=f"Chooses and samples the generator's positions (0–{MAX_SEED})."
    )


class ElectraOut(Schema):
    tokens: list[str] = Field(..., description="The words of the text (lowercased).")
    pieces: list[list[str]] = Field(..., description="Per word: its WordPiece pieces as the model sees them.")
    replaced_probability: list[float] = Field(
        ..., description="Per word: the discriminator's P(replaced), the highest of its pieces'."
    )
    piece_probability: list[list[float]] = Field(..., description="Per word: P(replaced) of each of its pieces.")
    corrupted_tokens: list[str] | None = Field(None, description="With corrupt: the words the discriminator read.")
    corrupted_pieces: list[list[str]] | None = Field(None, description="With corrupt: their pieces.")
    replaced: list[bool] | None = Field(None, description="With corrupt: where the sample differs from the original.")


@router.post(
    "/electra/",
    response=ElectraOut,
    exclude_none=True,
    summary="The ELECTRA discriminator's probability that each token was replaced",
)
def electra_api(request: HttpRequest, payload: ElectraIn):
    return lm.detect_replaced(loaded.get(NAME), payload.text, payload.corrupt, payload.seed)


def _cells(result: dict[str, Any], swapped: int | None, threshold: float) -> list[dict[str, Any]]:
    """One cell per token. Only where the truth is known (the generator's samples, or the word the
    learner swapped) is a flag a catch, a miss or a false alarm."""
    shown = result.get("corrupted_tokens", result["tokens"])
    shown_pieces = result.get("corrupted_pieces", result["pieces"])
    replaced = result.get("replaced", [False] * len(shown))
    judged = "replaced" in result
    cells = []
    for i, (token, original, p, was_replaced, pieces, piece_ps) in enumerate(
        zip(
            shown,
            result["tokens"],
            result["replaced_probability"],
            replaced,
            shown_pieces,
            result["piece_probability"],
            strict=True,
        )
    ):
        flagged = p >= threshold
        background, ink = heat(p)
        cells.append(
            {
                "index": i,
                "token": token,
                "original": original,
                # only a split word lists its pieces
                "pieces": [{"piece": x, "percent": round(100 * q)} for x, q in zip(pieces, piece_ps, strict=True)]
                if len(pieces) > 1
                else [],
                "percent": round(100 * p),
                "background": background,
                "ink": ink,
                "flagged": flagged,
                "replaced": was_replaced,
                "swapped": i == swapped,
                "verdict": (
                    ("caught" if flagged else "missed")
                    if was_replaced or i == swapped
                    else ("false-alarm" if flagged and judged else "")
                ),
            }
        )
    return cells


def _swapped(context: dict[str, Any], length: int) -> int | None:
    """The position electra.js says the learner swapped a word at, and what was there (plain checks only)."""
    if context["corrupt"] or not context["was"]:
        return None
    try:
        index = int(context["swapped"])
    except ValueError:
        return None
    return index if 0 <= index < length else None


def _compute(context: dict[str, Any]) -> dict[str, Any]:
    seed = query_int(context["seed"], "seed", 0)
    lab = loaded.get(NAME)
    result = lm.detect_replaced(lab, context["text"], context["corrupt"], seed)
    swapped = _swapped(context, len(result["tokens"]))
    cells = _cells(result, swapped, lab.threshold)
    replaced = [c for c in cells if c["replaced"]]
    return {
        **result,
        "cells": cells,
        "swapped": cells[swapped] if swapped is not None else None,
        "top": max(cells, key=lambda c: c["percent"]),
        "flagged": sum(c["flagged"] for c in cells),
        "replaced_count": len(replaced),
        "caught": sum(c["flagged"] for c in replaced),
        "false_alarms": sum(c["verdict"] == "false-alarm" for c in cells),
        "seed": seed,
        "next_seed": seed + 1 if seed < MAX_SEED else 0,
        # BERT's 15%, as ELECTRA's generator masks (lm-mlm itself trains at a higher rate)
        "mlm_positions": round(len(cells) * lm.ELECTRA_SPEC.recipe["mask_rate"], 1),
    }


def page(request: HttpRequest):
    params = request.GET
    context: dict[str, Any] = {
        "text": params.get("text", lm.ELECTRA_EXAMPLES[0]),
        "seed": params.get("seed", "0"),
        "corrupt": params.get("corrupt") in ("1", "true", "on"),
        "swapped": params.get("swapped", ""),
        "was": params.get("was", ""),
        "examples": lm.ELECTRA_EXAMPLES,
        "differences": lm.PAPER_DIFFERENCES.get(lang(), lm.PAPER_DIFFERENCES["en"]),
        "heat_stops": REDS,
    }
    return run_page(request, "electra", context, lambda: _compute(context), _about)


def _about(context: dict[str, Any]) -> None:
    """The learning signal, the held-out scores, the flag threshold, and the words offered for a swap."""
    lab, metadata = loaded.get(NAME), loaded.artifact(NAME).metadata
    signal = lm.learning_signal(lab)
    context["signal"] = {
        **signal,
        "mlm_percent": round(100 * signal["mlm"]["fraction"], 1),
        "discriminator_percent": round(100 * signal["discriminator"]["fraction"], 1),
    }
    metrics = metadata["metrics"]
    context["scores"] = {
        "top1": round(100 * metrics["swap_top1"]),
        "auc": f"{metrics['swap_roc_auc']:.2f}",
        "new_top1": round(100 * metrics["new_word_top1"]),
        "new_auc": f"{metrics['new_word_roc_auc']:.2f}",
        "clean_flagged": round(100 * metrics["clean_flagged"], 1),
        "sentences": metrics["heldout_sentences"],
    }
    context["threshold"] = round(100 * lab.threshold)
    context["flag_target"] = round(100 * lm.ELECTRA_SPEC.recipe["clean_flag_target"])
    context["suggestions"] = SWAP_SUGGESTIONS
