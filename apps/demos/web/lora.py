"""Language-model lab, LoRA: trainable parameters, accuracy and adapter size per rank; page and API."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from apps.demos import loaded, manifest
from apps.demos.engines import lm  # its model code (torch) is imported on first use
from apps.demos.engines.lm.validation import MAX_RANK
from apps.demos.web.fields import WholeNumber
from apps.demos.web.forms import lang, query_int, run_page

router = Router(tags=["language-model lab"])
(NAME,) = manifest.demo("lora").requires
DEFAULT_RANK = 8


class LoraIn(Schema):
    rank: WholeNumber = Field(
        ..., ge=1, le=MAX_RANK, description=f"A trained rank (1, 2, 4, 8 or 16; others up to {MAX_RANK} are refused)."
    )


class PerMatrixOut(Schema):
    d: int
    k: int
    lora: int = Field(..., description="r(d+k): the parameters of B (d×r) and A (r×k).")
    full: int = Field(..., description="d·k: the parameters of the matrix itself.")


class LoraOut(Schema):
    rank: int
    alpha: float
    scaling: float = Field(..., description="alpha / rank, the factor on BA.")
    per_matrix: PerMatrixOut
    adapted_matrices: int = Field(..., description="How many matrices get an adapter (query and value of each layer).")
    trainable_parameters: int = Field(..., description="Adapters plus the classification head.")
    trainable_fraction: float = Field(..., description="Of the classifier's parameters (encoder and head).")
    accuracy: float = Field(..., description="On the held-out test sentences.")
    head_only_accuracy: float
    full_finetune_accuracy: float = Field(..., description="Fine-tuning the same query and value matrices fully.")
    full_finetune_trainable_parameters: int
    adapter_bytes: int
    model_bytes: int = Field(..., description="The pretrained model's file, which the adapter needs.")
    merge_max_abs_diff: float | None = Field(None, description="Adapter vs merged W + (alpha/r)BA, in float64.")
    merge_max_abs_diff_float32: float | None = Field(None, description="The same in float32 (adds rounding).")


@router.post("/lora/", response=LoraOut, summary="Parameter counts and measured results of LoRA at one rank")
def lora_api(request: HttpRequest, payload: LoraIn):
    return lm.lora_rank_result(loaded.get(NAME), payload.rank)


def _rows(table: dict[str, Any], rank: int) -> list[dict[str, Any]]:
    """The bar chart: every trained configuration, bars scaled to the largest parameter count."""
    most = max(row["trainable_parameters"] for row in table["rows"])
    return [
        {
            **row,
            "chosen": row["method"] == "lora" and row["rank"] == rank,
            "params_width": round(100 * row["trainable_parameters"] / most, 2),
            "params_display": f"{row['trainable_parameters']:,}",
            "accuracy_percent": round(100 * row["accuracy"], 1),
        }
        for row in table["rows"]
    ]


def _tex(n: int) -> str:
    """A count with thousands separators, as TeX typesets them (no space after the comma)."""
    return f"{n:,}".replace(",", "{,}")


def _compute(raw_rank: str) -> dict[str, Any]:
    lab = loaded.get(NAME)
    result = lm.lora_rank_result(lab, query_int(raw_rank, "rank", DEFAULT_RANK))
    rank = result["rank"]
    table = lm.lora_results_table(lab)
    per_matrix, count = result["per_matrix"], result["adapted_matrices"]
    task = table["task"]
    return {
        **result,
        "rows": _rows(table, rank),
        "matrix_percent": round(100 * per_matrix["lora"] / per_matrix["full"], 1),
        "adapter_percent": round(100 * result["adapter_bytes"] / result["model_bytes"], 1),
        "accuracy_percent": round(100 * result["accuracy"], 1),
        "head_percent": round(100 * result["head_only_accuracy"], 1),
        "full_percent": round(100 * result["full_finetune_accuracy"], 1),
        "majority_percent": round(100 * task["majority_accuracy"], 1),
        "point_per_sentence": round(100 / task["test_examples"], 1),
        "task": task,
        "groups": [task["labels"][group][lang()] for group in task["groups"]],
        "adapted": table["matrix"]["adapted"],
        "trainable_display": f"{result['trainable_parameters']:,}",
        "full_trainable_display": f"{result['full_finetune_trainable_parameters']:,}",
        "tex": {
            key: _tex(value)
            for key, value in {
                "lora": per_matrix["lora"],
                "full": per_matrix["full"],
                "trainable": result["trainable_parameters"],
                "full_trainable": result["full_finetune_trainable_parameters"],
                "head": result["trainable_parameters"] - count * per_matrix["lora"],
            }.items()
        },
    }


def page(request: HttpRequest):
    context: dict[str, Any] = {"rank": request.GET.get("rank", str(DEFAULT_RANK))}

    def trained_ranks(context: dict[str, Any]) -> None:
        rows = lm.lora_results_table(loaded.get(NAME))["rows"]
        context["ranks"] = [str(row["rank"]) for row in rows if row["method"] == "lora"]

    return run_page(request, "lora", context, lambda: _compute(context["rank"]), trained_ranks)
