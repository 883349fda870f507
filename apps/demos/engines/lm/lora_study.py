"""Run the LoRA comparison: head only, LoRA at every rank, full q/v fine-tuning; write results."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import torch

from apps.demos.engines.lm.artifacts import save_weights, write_json
from apps.demos.engines.lm.fill_mask import FillMaskModel
from apps.demos.engines.lm.finetune import (
    FULL,
    HEAD,
    LORA,
    TaskData,
    accuracy,
    build_classifier,
    fine_tune,
    merge_difference,
    trainable_state,
)
from apps.demos.engines.lm.lora import ADAPTED, lora_parameter_count
from apps.demos.engines.lm.lora_results import RESULTS_FILE
from apps.demos.engines.lm.topic_task import GROUP_LABELS, GROUP_NAMES, task_split
from apps.demos.engines.spec import Progress


def _file_name(method: str, rank: int) -> str:
    return f"adapter_r{rank}.pt" if method == LORA else f"{method}.pt"


def run_lora_study(
    mlm: FillMaskModel, recipe: dict[str, Any], directory: Path, model_bytes: int, progress: Progress
) -> dict[str, Any]:
    """Train every configuration of ``recipe``; save each one's trainable weights and the table."""
    train, test = task_split()
    data = TaskData.build(mlm.vocab, train, test)
    encoder = mlm.model.encoder
    d = k = encoder.config.d_model
    runs = [(HEAD, 0), *((LORA, r) for r in recipe["ranks"]), (FULL, 0)]
    total_parameters = None
    rows = []
    for index, (method, rank) in enumerate(runs):
        label = f"LoRA r={rank}" if method == LORA else method
        progress(index / len(runs), f"fine-tuning: {label}")
        started = time.process_time()
        classifier = build_classifier(encoder, len(GROUP_NAMES), method, rank, recipe["alpha"], recipe["seed"])
        if total_parameters is None:  # the unadapted classifier: encoder + head
            total_parameters = sum(p.numel() for p in classifier.parameters())
        fine_tune(
            classifier,
            data,
            steps=recipe["steps"],
            lr=recipe["encoder_lr"].get(method, 0.0),  # unused by head-only runs
            head_lr=recipe["head_lr"],
            batch_size=recipe["batch_size"],
            seed=recipe["seed"],
        )
        state = trainable_state(classifier)
        trainable = sum(p.numel() for p in state.values())
        per_matrix = {HEAD: 0, LORA: lora_parameter_count(d, k, rank), FULL: d * k}[method]
        rows.append(
            {
                "method": method,
                "rank": rank,
                "per_matrix_parameters": per_matrix,
                "trainable_parameters": trainable,
                "trainable_fraction": round(trainable / total_parameters, 6),
                "accuracy": round(accuracy(classifier, data.test_ids, data.test_labels), 4),
                "merge_max_abs_diff": merge_difference(classifier, data.test_ids) if method == LORA else None,
                "merge_max_abs_diff_float32": (
                    merge_difference(classifier, data.test_ids, torch.float32) if method == LORA else None
                ),
                "file": _file_name(method, rank),
                "file_bytes": save_weights(directory / _file_name(method, rank), state),
                "cpu_seconds": round(time.process_time() - started, 2),
            }
        )
    results = {
        "rows": rows,
        "alpha": recipe["alpha"],
        "matrix": {
            "d": d,
            "k": k,
            "count": len(ADAPTED) * encoder.config.layers,
            "adapted": [f"layer {i + 1} {name}" for i in range(encoder.config.layers) for name in ADAPTED],
        },
        "base_model": {"parameters": total_parameters, "file_bytes": model_bytes},
        "task": {
            "groups": list(GROUP_NAMES),
            "labels": GROUP_LABELS,
            "train_examples": len(train),
            "test_examples": len(test),
            "majority_accuracy": round(max(data.test_labels.bincount()).item() / len(data.test_labels), 4),
        },
    }
    write_json(directory / RESULTS_FILE, results)
    progress(1.0, "fine-tuning done")
    return results
