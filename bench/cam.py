"""XAI lab: training cost of cam-gap / cam-fc, and per-method latency of CAM, Grad-CAM and
Score-CAM for one 40x40 image with one thread, side by side with torchcam 0.5.0 on the same
model and inputs when it is installed (``pip install --no-deps torchcam==0.5.0``; bench only).

    .venv/bin/python -m bench.cam
    BENCH_CAM_CALLS=200 .venv/bin/python -m bench.cam   # more calls per cell (default 100)

Both models are trained afresh into a temporary data directory, removed at the end.
"""

from __future__ import annotations

import copy
import os
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import torch

from apps.demos.engines.cam import SPECS, samples
from apps.demos.engines.cam.methods import METHODS, normalised_map
from apps.demos.training import ensure_trained
from bench._table import table

CALLS = int(os.environ.get("BENCH_CAM_CALLS", "100"))
TORCHCAM_CLASSES = {"cam": "CAM", "gradcam": "GradCAM", "scorecam": "ScoreCAM"}


def p50_ms(runs: list, cases: list[tuple[torch.Tensor, int]]) -> list[float]:
    """Median milliseconds of each run over the same cases, calls interleaved so that load
    from other processes on a shared machine falls on every run alike."""
    for run in runs:
        for x, target in cases[:3]:
            run(x, target)
    times: list[list[float]] = [[] for _ in runs]
    for i in range(CALLS):
        x, target = cases[i % len(cases)]
        for run, spent in zip(runs, times, strict=True):
            started = time.perf_counter()
            run(x, target)
            spent.append((time.perf_counter() - started) * 1000)
    return [statistics.median(spent) for spent in times]


def train_both(data_dir: Path) -> tuple[dict, list[list[str]]]:
    models, rows = {}, []
    for name, spec in SPECS.items():
        cpu = time.process_time()
        artifact = ensure_trained(spec, data_dir=data_dir, echo=None, force=True)
        cpu = time.process_time() - cpu
        models[name] = spec.load(artifact.path)
        size = sum(f.stat().st_size for f in artifact.path.iterdir() if f.name != "metadata.json")
        meta = artifact.metadata
        rows.append(
            [
                spec.name,
                f"{meta['metrics']['accuracy']:.4f}",
                f"{meta['train_seconds']:.1f}",
                f"{cpu:.1f}",
                f"{size / 1024:.0f} KiB",
            ]
        )
    return models, rows


def torchcam_runner(module, method: str, model):
    """One call = the forward pass torchcam hooks into + its map, upsampled to input size."""
    kwargs = {"fc_layer": "top"} if method == "cam" else {}
    extractor = getattr(module, TORCHCAM_CLASSES[method])(model, target_layer="body", input_shape=(1, 40, 40), **kwargs)

    def run(x: torch.Tensor, target: int) -> np.ndarray:
        with torch.set_grad_enabled(method == "gradcam"):
            scores = model(x)
        (low_res,) = extractor(target, scores, normalized=False)
        return normalised_map(torch.ones(1), low_res.detach(), tuple(x.shape[-2:]))

    return run, extractor


def compare(models: dict, images: list[torch.Tensor]) -> tuple[list[list[str]], str | None]:
    try:
        import torchcam.methods as torchcam
    except ImportError:
        torchcam = None
    rows = []
    for name, served in models.items():
        # torchcam differentiates the hooked activations through the graph, so parameters
        # must require grad; both sides run on this same copy.
        model = copy.deepcopy(served).requires_grad_(True)
        with torch.inference_mode():
            cases = [(x, int(model(x).argmax())) for x in images]  # explain the predicted class
        for method, cls in METHODS.items():
            label = f"{name} / {method}"
            if method == "cam" and name != "gap":
                rows.append([label, "n/a: no GAP head", "", "", ""])
                continue
            ours = cls()

            def run_ours(x, t, ours=ours, model=model):
                return ours(model, x, t)

            if torchcam is None:
                (our_ms,) = p50_ms([run_ours], cases)
                rows.append([label, f"{our_ms:.2f}", "-", "-", "-"])
                continue
            theirs, extractor = torchcam_runner(torchcam, method, model)
            our_ms, their_ms = p50_ms([run_ours, theirs], cases)
            diff = max(float(np.abs(ours(model, x, t).heatmap - theirs(x, t)).max()) for x, t in cases)
            extractor.remove_hooks()
            rows.append([label, f"{our_ms:.2f}", f"{their_ms:.2f}", f"{our_ms / their_ms:.2f}", f"{diff:.1e}"])
    note = (
        None if torchcam else "torchcam is not importable: comparison skipped (pip install --no-deps torchcam==0.5.0)"
    )
    return rows, note


def main() -> None:
    torch.set_num_threads(1)
    images = [torch.tensor(s["image"], dtype=torch.float32)[None, None] for s in samples()]
    with tempfile.TemporaryDirectory(prefix="bench-cam-") as data_dir:
        models, train_rows = train_both(Path(data_dir))
    print("Training (one thread; wall time includes data generation and evaluation)")
    print(table(["artifact", "held-out acc", "wall s", "CPU s", "weights"], train_rows))
    rows, note = compare(models, images)
    print(f"\nLatency for one image, p50 of {CALLS} calls over {len(images)} samples, predicted class, 1 thread")
    print(table(["model / method", "ours ms", "torchcam ms", "ours/theirs", "max |diff|"], rows))
    if note:
        print(note)
    print(
        "max |diff| compares maps at input resolution after the same ReLU, bilinear upsampling and\n"
        "min-max scaling. Score-CAM differs by design: torchcam weights channels by a softmax over\n"
        "channels of the logit gain over the unmasked input (K + 2 forward images); this engine\n"
        "uses the target's softmax probability on each masked input, as in the paper's code (K + 1)."
    )


if __name__ == "__main__":
    main()
