"""Language-model lab: the WordPiece tokenizer (vocabulary, unknown rate on held-out text),
training time and held-out results of lm-mlm, lm-electra and lm-lora, ELECTRA's swap detection
on the held-out test sentences (corpus words and everyday words the corpus never uses swapped in;
clean words flagged at the threshold the training run chose on the validation sentences), p50
latency of every public inference function on one thread, and the artifact files' sizes.

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
from apps.demos.engines.lm.corpus import split_heldout, split_sentences
from apps.demos.engines.lm.electra import corpus_words, evaluate_detection
from apps.demos.engines.lm.probes import DOCS_SENTENCES, EVERYDAY_WORDS, NOTES_SENTENCES, SENTENCES
from apps.demos.engines.lm.subwords import MIN_COUNT, train_vocabulary
from apps.demos.engines.lm.tokenizer import UNK, tokenize
from apps.demos.training import ensure_trained
from bench._table import table

CALLS = int(os.environ.get("BENCH_LM_CALLS", "100"))
LATENCY_TARGET_MS = 20.0
DETECTION_SEEDS = (7, 8, 9)


def tokenizer_rows() -> tuple[list[list[str]], object]:
    """Train the vocabulary as the models do; how it splits held-out and written text."""
    train, heldout = split_sentences()
    started = time.process_time()
    vocab = train_vocabulary(s.tokens for s in train)
    seconds = time.process_time() - started
    texts = {
        "corpus held-out sentences": [w for s in heldout for w in s.tokens],
        "sentences written here": [w for text in SENTENCES for w in tokenize(text)],
        "everyday words": list(EVERYDAY_WORDS),
    }
    rows = []
    for name, words in texts.items():
        pieces = [vocab.word_pieces(w) for w in words]
        flat = [p for split in pieces for p in split]
        rows.append(
            [
                name,
                str(len(words)),
                f"{100 * sum(len(p) > 1 for p in pieces) / len(words):.1f}",
                f"{len(flat) / len(words):.2f}",
                f"{100 * flat.count(UNK) / len(flat):.2f}",
            ]
        )
    return rows, (vocab, seconds)


def detection_rows(discriminator, vocab, threshold: float) -> list[list[str]]:
    """Swap ROC-AUC, swapped-word-first rate and clean words flagged, averaged over three seeds."""
    train, _ = split_sentences()
    _, test = split_heldout()
    sets = {
        "corpus held-out test": [s.tokens for s in test],
        "written here, docs style": [tokenize(text) for text in DOCS_SENTENCES],
        "written here, notes style": [tokenize(text) for text in NOTES_SENTENCES],
    }
    kinds = {"corpus word": corpus_words(train, MIN_COUNT), "everyday word": EVERYDAY_WORDS}
    rows = []
    for set_name, sentences in sets.items():
        for kind, words in kinds.items():
            scores = [
                evaluate_detection(discriminator, vocab, sentences, words, threshold, seed=s) for s in DETECTION_SEEDS
            ]
            auc = statistics.mean(x.swap_roc_auc for x in scores)
            rows.append(
                [
                    set_name,
                    str(len(sentences)),
                    kind,
                    f"{auc:.3f}",
                    "yes" if auc >= 0.85 else "NO",
                    f"{statistics.mean(x.swap_top1 for x in scores):.2f}",
                    f"{100 * scores[0].clean_flagged:.1f}",
                ]
            )
    return rows


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
    token_rows, (vocab, tokenizer_seconds) = tokenizer_rows()
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
                "mlm": lambda m: (
                    f"whole words: top-1 {m['top1']:.3f} (unigram {m['unigram_top1']:.3f}), top-5 {m['top5']:.3f}"
                ),
                "electra": lambda m: (
                    f"swap AUC corpus word {m['swap_roc_auc']:.3f}, everyday word {m['new_word_roc_auc']:.3f}, "
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
        detection = detection_rows(electra.discriminator, electra.vocab, electra.threshold)
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

    print(f"WordPiece tokenizer: {len(vocab)} pieces, trained in {tokenizer_seconds:.2f} s CPU")
    print(table(["text", "words", "% split", "pieces/word", "% [UNK]"], token_rows))
    print("\nTraining (fixed step counts, one thread)")
    print(table(["artifact", "wall s", "cpu s", "expected s", "held-out result"], training))
    print(
        f"\nELECTRA: one word per sentence swapped (mean of seeds {DETECTION_SEEDS}); aim AUC >= 0.85, clean <= 5% "
        f"flagged at the threshold {electra.threshold:.3f} chosen on the validation sentences"
    )
    print(table(["sentences", "n", "swapped in", "ROC-AUC", ">= 0.85", "swap first", "clean flagged %"], detection))
    print(f"\nInference p50 over {CALLS} calls, 1 thread")
    print(table(["function", "p50 ms", f"<= {LATENCY_TARGET_MS:.0f} ms"], latency_rows))
    print("\nArtifact files")
    print(table(["artifact", "file", "KiB"], files))


if __name__ == "__main__":
    main()
