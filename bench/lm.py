"""Language-model lab: training time of lm-mlm, lm-electra and lm-lora, p50 latency of every
public inference function on one thread, and the artifact files' sizes.

    .venv/bin/python -m bench.lm
    BENCH_LM_CALLS=300 .venv/bin/python -m bench.lm   # more calls per function (default 100)

The three artifacts are trained afresh into a temporary data directory, removed at the end
(lm-lora finds the lm-mlm it adapts in the same directory).
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import torch

from apps.demos.engines.lm import (
    ELECTRA_EXAMPLES,
    MLM_EXAMPLES,
    TRAIN_SPECS,
    detect_replaced,
    fill_mask,
    learning_signal,
    lora_rank_result,
    lora_results_table,
)
from apps.demos.training import ensure_trained
from bench._table import table

CALLS = int(os.environ.get("BENCH_LM_CALLS", "100"))
LATENCY_TARGET_MS = 20.0


def p50_ms(calls: list[Callable[[], object]]) -> float:
    """Median milliseconds per call, cycling through ``calls`` (after a short warm-up)."""
    for call in calls:
        call()
    spent = []
    for i in range(CALLS):
        started = time.perf_counter()
        calls[i % len(calls)]()
        spent.append((time.perf_counter() - started) * 1000)
    return statistics.median(spent)


def main() -> None:
    torch.set_num_threads(1)
    with tempfile.TemporaryDirectory(prefix="bench-lm-") as tmp:
        data_dir = Path(tmp)
        training, models, files = [], {}, []
        for spec in TRAIN_SPECS:
            started = time.process_time()
            artifact = ensure_trained(spec, data_dir=data_dir, echo=None)
            cpu = time.process_time() - started
            models[spec.demo] = spec.load(artifact.path)
            metrics = artifact.metadata["metrics"]
            headline = {
                "mlm": lambda m: f"top-1 {m['top1']:.3f} (unigram {m['unigram_top1']:.3f}), top-5 {m['top5']:.3f}",
                "electra": lambda m: (
                    f"swap AUC {m['swap_roc_auc']:.3f}, top-1 {m['swap_top1']:.3f}, "
                    f"clean flagged {m['clean_flagged']:.3f}"
                ),
                "lora": lambda m: (
                    f"acc head {m['head_accuracy']:.3f}, r=8 {m['lora_r8_accuracy']:.3f}, "
                    f"full q/v {m['full_accuracy']:.3f}"
                ),
            }[spec.demo](metrics)
            training.append(
                [
                    spec.name,
                    f"{artifact.metadata['train_seconds']:.1f}",
                    f"{cpu:.1f}",
                    f"{spec.expected_seconds:.0f}",
                    headline,
                ]
            )
            for path in sorted(artifact.path.iterdir()):
                files.append([spec.name, path.name, f"{path.stat().st_size / 1024:.1f}"])

        mlm, electra, lora = models["mlm"], models["electra"], models["lora"]
        texts = [e["text"] for e in MLM_EXAMPLES]
        clean = list(ELECTRA_EXAMPLES)
        latencies = [
            ("fill_mask(top_k=5)", [lambda t=t: fill_mask(mlm, t, 5) for t in texts]),
            ("detect_replaced()", [lambda t=t: detect_replaced(electra, t) for t in clean]),
            (
                "detect_replaced(corrupt=True)",
                [lambda t=t, i=i: detect_replaced(electra, t, corrupt=True, seed=i) for i, t in enumerate(clean)],
            ),
            ("learning_signal()", [lambda: learning_signal(electra)]),
            ("lora_rank_result(rank)", [lambda r=r: lora_rank_result(lora, r) for r in (1, 2, 4, 8, 16)]),
            ("lora_results_table()", [lambda: lora_results_table(lora)]),
        ]
        latency_rows = []
        for name, calls in latencies:
            ms = p50_ms(calls)
            latency_rows.append([name, f"{ms:.2f}", "yes" if ms <= LATENCY_TARGET_MS else "NO"])

    print("Training (fixed step counts, one thread)")
    print(table(["artifact", "wall s", "cpu s", "expected s", "held-out result"], training))
    print(f"\nInference p50 over {CALLS} calls, 1 thread")
    print(table(["function", "p50 ms", f"<= {LATENCY_TARGET_MS:.0f} ms"], latency_rows))
    print("\nArtifact files")
    print(table(["artifact", "file", "KiB"], files))


if __name__ == "__main__":
    main()
