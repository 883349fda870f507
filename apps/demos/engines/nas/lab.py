"""What the nas page and API show: the stored searches, the three NAS components, one edge in detail."""

from __future__ import annotations

from typing import Any

from apps.demos.engines.errors import whole_number
from apps.demos.engines.nas.names import EDGES, OPERATION_NAMES, search_space_size

STRATEGIES = ("darts", "random_search")


def run(results: dict[str, Any], *, edge: int = 0) -> dict[str, Any]:
    """``edge`` picks the edge whose softmax(α) history the page plots."""
    edge = whole_number("edge", edge, 0, len(EDGES) - 1)
    darts, randomly = results["darts"], results["random_search"]
    return {
        "search_space": {
            "operations": list(OPERATION_NAMES),
            "edges": [list(e) for e in EDGES],
            "size": search_space_size(),
        },
        "alphas": darts["softmax"],
        "alpha_history": [step[edge] for step in darts["history"]],
        "edge": edge,
        "genotype": darts["genotype"],
        "darts_accuracy": darts["test_accuracy"],
        "darts_search_seconds": darts["search_seconds"],
        "supernet_val_accuracy": darts["supernet_val_accuracy"],
        "random_search_accuracy": randomly["test_accuracy"],
        "random_search_genotype": randomly["genotype"],
        "random_search_seconds": randomly["search_seconds"],
        "random_search_evaluated": randomly["evaluated"],
        "search_seconds": {"darts": darts["search_seconds"], "random_search": randomly["search_seconds"]},
        # DARTS evaluates one supernet holding every candidate; random search trains each sample
        "evaluated_architectures": {"darts": 1, "random_search": len(randomly["evaluated"])},
    }
