"""Sequence lab (issue 17): training time of the artifacts behind the attention, rnn and embeddings
pages (one thread), and each page's median and p95 time through Django once trained.

    .venv/bin/python -m bench.sequence
    BENCH_SEQUENCE_CALLS=100 .venv/bin/python -m bench.sequence   # requests per cell (default 40)

The artifacts are trained afresh into a temporary data directory, removed at the end (the
attention page reads lm-mlm, which bench.lm also times). Target: every page ≤ 300 ms once
trained, including the attention page for a 60-word sentence (the most it accepts is 64).
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

CALLS = int(os.environ.get("BENCH_SEQUENCE_CALLS", "40"))
TARGET_MS = 300.0
LONG_SENTENCE = " ".join(["the", "list", "is", "sorted", "in", "place"] * 10)  # 60 words, near the 64 allowed
PAGES = [
    ("attention", {}),
    ("attention", {"text": "The for statement is used to iterate over the elements of a sequence.", "query": "5"}),
    ("attention", {"text": LONG_SENTENCE, "layer": "2", "head": "4", "query": "40"}),
    ("rnn", {}),
    ("rnn", {"length": "5"}),
    ("embeddings", {}),
    ("embeddings", {"word": "tokyo", "a": "seoul", "b": "korea", "c": "japan", "words": "cat dog bus train apple"}),
]


def percentiles(run) -> tuple[float, float]:
    """Median and p95 wall milliseconds of ``CALLS`` calls after one warm-up call."""
    run()
    spent = []
    for _ in range(CALLS):
        started = time.perf_counter()
        run()
        spent.append((time.perf_counter() - started) * 1000)
    return statistics.median(spent), statistics.quantiles(spent, n=20)[-1]


def train_all(data_dir: Path) -> list[list[str]]:
    from apps.demos.engines import embeddings, rnn
    from apps.demos.engines.lm import MLM_SPEC
    from apps.demos.training import ensure_trained

    rows = []
    for spec, pages in ((MLM_SPEC, "attention (and mlm)"), (rnn.SPEC, "rnn"), (embeddings.SPEC, "embeddings")):
        wall, cpu = time.perf_counter(), time.process_time()
        artifact = ensure_trained(spec, data_dir=data_dir, echo=None, force=True)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        rows.append([spec.name, pages, f"{wall:.1f}", f"{cpu:.1f}", f"{spec.expected_seconds:.0f}", headline(artifact)])
    return rows


def headline(artifact) -> str:
    m = artifact.metadata["metrics"]
    if artifact.name == "embeddings":
        return (
            f"held-out analogy CBOW {m['cbow_analogy_held_out']:.0%} / skip-gram {m['skipgram_analogy_held_out']:.0%}; "
            f"group margin {m['cbow_group_margin']:.2f} / {m['skipgram_group_margin']:.2f}"
        )
    if artifact.name == "rnn":
        return f"length 50: rnn {m['rnn@50']:.0%}, lstm {m['lstm@50']:.0%}, gru {m['gru@50']:.0%}"
    return f"top-1 {m['top1']:.3f}, top-5 {m['top5']:.3f}"


def page_rows() -> list[list[str]]:
    import django

    django.setup()
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()  # allows the test client's host; pages touch no database
    client = Client()
    rows = []
    for slug, query in PAGES:
        url = f"/demos/{slug}/" + (f"?{urlencode(query)}" if query else "")
        response = client.get(url)
        full = percentiles(lambda u=url: client.get(u))
        partial = percentiles(lambda u=url: client.get(u, headers={"hx-request": "true"}))
        shown = url if len(url) <= 60 else url[:57] + "..."
        ok = "yes" if max(full[1], partial[1]) <= TARGET_MS else "NO"
        rows.append(
            [
                shown,
                str(response.status_code),
                f"{len(response.content) / 1024:.0f}",
                f"{full[0]:.1f}",
                f"{full[1]:.1f}",
                f"{partial[0]:.1f}",
                f"{partial[1]:.1f}",
                ok,
            ]
        )
    return rows


def main() -> None:
    import torch

    torch.set_num_threads(1)
    with tempfile.TemporaryDirectory(prefix="bench-sequence-") as data_dir:
        os.environ["QUIZLAB_DATA_DIR"] = data_dir
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quizsite.test_settings")
        training = train_all(Path(data_dir))
        print("Training, fresh, one thread (seconds)")
        print(table(["artifact", "pages", "wall s", "CPU s", "expected s", "held-out result"], training))
        print(f"\nPages through Django's test client, {CALLS} requests per cell after a warm-up (milliseconds)")
        header = ["page", "status", "KiB", "full p50", "full p95", "htmx p50", "htmx p95", f"p95 <= {TARGET_MS:.0f}"]
        print(table(header, page_rows()))


if __name__ == "__main__":
    from bench._table import table

    main()
