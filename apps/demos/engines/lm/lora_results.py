"""The LoRA artifact: measured results per rank, and the adapters to rebuild any trained model."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from apps.demos.engines.errors import InputError, whole_number
from apps.demos.engines.lm.artifacts import load_weights, read_json
from apps.demos.engines.lm.fill_mask import FillMaskModel
from apps.demos.engines.lm.finetune import FULL, HEAD, LORA, TopicClassifier, build_classifier
from apps.demos.engines.lm.validation import MAX_RANK
from apps.demos.engines.text import gettext_noop

RESULTS_FILE = "results.json"


@dataclass(frozen=True)
class LoraResults:
    directory: Path
    results: dict[str, Any]

    def row(self, method: str, rank: int = 0) -> dict[str, Any]:
        return next(r for r in self.results["rows"] if r["method"] == method and r["rank"] == rank)


def load_lora_results(directory: Path) -> LoraResults:
    return LoraResults(directory, read_json(directory / RESULTS_FILE))


def lora_rank_result(lab: LoraResults, rank: int) -> dict[str, Any]:
    """Parameter counts and measured accuracy for one trained rank, next to the baselines."""
    rank = whole_number("rank", rank, 1, MAX_RANK)
    trained = [r["rank"] for r in lab.results["rows"] if r["method"] == LORA]
    if rank not in trained:
        raise InputError(
            "rank",
            gettext_noop("Rank %(rank)s was not trained; choose one of %(ranks)s."),
            rank=rank,
            ranks=", ".join(map(str, trained)),
        )
    row, head, full = lab.row(LORA, rank), lab.row(HEAD), lab.row(FULL)
    matrix = lab.results["matrix"]
    return {
        "rank": rank,
        "alpha": lab.results["alpha"],
        "scaling": lab.results["alpha"] / rank,
        "per_matrix": {
            "d": matrix["d"],
            "k": matrix["k"],
            "lora": row["per_matrix_parameters"],
            "full": matrix["d"] * matrix["k"],
        },
        "adapted_matrices": matrix["count"],
        "trainable_parameters": row["trainable_parameters"],
        "trainable_fraction": row["trainable_fraction"],
        "accuracy": row["accuracy"],
        "head_only_accuracy": head["accuracy"],
        "full_finetune_accuracy": full["accuracy"],
        "full_finetune_trainable_parameters": full["trainable_parameters"],
        "adapter_bytes": row["file_bytes"],
        "model_bytes": lab.results["base_model"]["file_bytes"],
        "merge_max_abs_diff": row["merge_max_abs_diff"],  # float64: the identity itself
        "merge_max_abs_diff_float32": row["merge_max_abs_diff_float32"],  # plus float32 rounding
    }


def lora_results_table(lab: LoraResults) -> dict[str, Any]:
    """Every trained configuration (head only, each LoRA rank, full q/v) and the task it was on."""
    keys = (
        "method",
        "rank",
        "per_matrix_parameters",
        "trainable_parameters",
        "trainable_fraction",
        "accuracy",
        "file_bytes",
    )
    r = lab.results
    return {
        "rows": [{key: row[key] for key in keys} for row in r["rows"]],
        "task": r["task"],
        "matrix": r["matrix"],
        "alpha": r["alpha"],
        "base_model": r["base_model"],
    }


def load_adapted_classifier(mlm: FillMaskModel, lab: LoraResults, method: str, rank: int = 0) -> TopicClassifier:
    """Rebuild a trained classifier: the pretrained encoder plus that run's saved weights."""
    row = lab.row(method, rank)
    r = lab.results
    classifier = build_classifier(mlm.model.encoder, len(r["task"]["groups"]), method, rank, r["alpha"], seed=0)
    state = load_weights(lab.directory / row["file"])
    trained = {name for name, p in classifier.named_parameters() if p.requires_grad}
    if set(state) != trained:
        raise ValueError(f"{row['file']} does not match a {method} classifier")
    classifier.load_state_dict(state, strict=False)
    classifier.eval()
    return classifier
