"""Training, gating and loading of the ``cam-gap`` and ``cam-fc`` artifacts."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import torch
import torch.nn.functional as F

from apps.demos.engines.cam import data
from apps.demos.engines.cam.network import BODY, HIDDEN, CamNet, Head
from apps.demos.engines.seeding import deterministic
from apps.demos.engines.spec import Progress, TrainSpec

MIN_ACCURACY = 0.97
TRAIN_SPLIT_SEED = 1  # images the models learn from
EVAL_SEED = 2  # held-out images the gate judges (digits from the held-out glyph pool)
_WEIGHTS, _CONFIG = "weights.pt", "model.json"


def recipe(head: Head) -> dict[str, Any]:
    return {
        "head": head,
        "body": [list(layer) for layer in BODY],
        "hidden": HIDDEN if head == "fc" else None,
        "seed": 0,
        "data": {**data.RECIPE, "train_seed": TRAIN_SPLIT_SEED, "train_images": 6000},
        "eval": {"seed": EVAL_SEED, "images": 2000},
        "steps": 500,
        "batch": 64,
        "optimizer": "AdamW",
        "lr": 0.01 if head == "gap" else 0.003,
        "weight_decay": 1e-4,
        "schedule": "one-cycle, 20% warm-up",
        "batch_norm": "during training, folded into the convolutions afterwards",
        "memory_format": "channels_last",
    }


def accuracy(model: CamNet, dataset: data.Dataset) -> tuple[float, list[float]]:
    """Overall and per-class accuracy of ``model`` on ``dataset``."""
    with torch.inference_mode():
        predicted = model(torch.from_numpy(dataset.images)[:, None]).argmax(dim=1).numpy()
    hits = predicted == dataset.labels
    per_class = [float(hits[dataset.labels == c].mean()) for c in range(len(data.CLASSES))]
    return float(hits.mean()), per_class


def fit(rec: dict[str, Any], progress: Progress) -> tuple[CamNet, dict[str, Any]]:
    """Train the model ``rec`` describes; returns the folded model and data facts."""
    progress(0.02, "generating training images")
    train_set = data.generate(rec["data"]["train_images"], rec["data"]["train_seed"], "train")
    # channels-last runs oneDNN's convolutions noticeably faster on CPU for these shapes.
    images = torch.from_numpy(train_set.images)[:, None].contiguous(memory_format=torch.channels_last)
    labels = torch.from_numpy(train_set.labels)
    with deterministic(rec["seed"]):
        model = CamNet(rec["head"], batch_norm=True).to(memory_format=torch.channels_last)
        optimizer = torch.optim.AdamW(model.parameters(), lr=rec["lr"], weight_decay=rec["weight_decay"])
        schedule = torch.optim.lr_scheduler.OneCycleLR(
            optimizer, max_lr=rec["lr"], total_steps=rec["steps"], pct_start=0.2
        )
        batches = torch.Generator().manual_seed(rec["seed"])
        for step in range(rec["steps"]):
            pick = torch.randint(0, len(labels), (rec["batch"],), generator=batches)
            loss = F.cross_entropy(model(images[pick]), labels[pick])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            schedule.step()
            if step % 25 == 0 or step == rec["steps"] - 1:
                progress(
                    0.1 + 0.8 * (step + 1) / rec["steps"], f"step {step + 1}/{rec['steps']} loss {loss.item():.3f}"
                )
        model.eval()
        folded = model.fold_batch_norm()
    facts = {"sha256": data.tensor_sha256(train_set.images), "final_loss": round(loss.item(), 4)}
    return folded, facts


def train(head: Head, directory: Path, progress: Progress) -> dict[str, Any]:
    rec = recipe(head)
    started = time.process_time()
    model, facts = fit(rec, progress)
    cpu_seconds = time.process_time() - started
    progress(0.92, "evaluating on held-out images")
    held_out = data.generate(rec["eval"]["images"], rec["eval"]["seed"], "heldout")
    acc, per_class = accuracy(model, held_out)
    torch.save(model.state_dict(), directory / _WEIGHTS)
    (directory / _CONFIG).write_text(json.dumps({"head": head, "classes": list(data.CLASSES)}))
    progress(1.0, f"held-out accuracy {acc:.4f}")
    return {
        "metrics": {
            "accuracy": round(acc, 4),
            "per_class_accuracy": dict(zip(data.CLASSES, (round(a, 4) for a in per_class), strict=True)),
            "final_loss": facts["final_loss"],
            "train_cpu_seconds": round(cpu_seconds, 2),
        },
        "seed": rec["seed"],
        "data": {"recipe": rec["data"], "sha256": facts["sha256"]},
        "classes": list(data.CLASSES),
    }


def gate(metadata: dict[str, Any]) -> str | None:
    acc = metadata.get("metrics", {}).get("accuracy", 0.0)
    if acc < MIN_ACCURACY:
        return f"held-out accuracy {acc:.4f} is below {MIN_ACCURACY}"
    return None


def load(directory: Path) -> CamNet:
    config = json.loads((directory / _CONFIG).read_text())
    model = CamNet(config["head"], n_classes=len(config["classes"]))
    model.load_state_dict(torch.load(directory / _WEIGHTS, weights_only=True))
    # Explanations differentiate activations, never parameters.
    return model.eval().requires_grad_(False)


def _spec(head: Head) -> TrainSpec:
    return TrainSpec(
        name=f"cam-{head}",
        demo="cam",
        recipe=recipe(head),
        train=lambda directory, progress, required: train(head, directory, progress),
        load=load,
        gate=gate,
        expected_seconds=35.0,
    )


GAP_SPEC = _spec("gap")
FC_SPEC = _spec("fc")
TRAIN_SPECS: list[TrainSpec] = [GAP_SPEC, FC_SPEC]
