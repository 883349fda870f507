"""Model validation: a candidate replaces production only if it is better where it counts.

Both models are scored on the same held-out slice of recent labelled data. The candidate
must beat production's overall accuracy and must not lose more than ``CLASS_MARGIN`` of
recall on any digit (consistency across data segments). A digit with fewer than
``MIN_CLASS_RECORDS`` held-out records is not judged: one record would swing it by 10+ points.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from apps.demos.engines.mlops.digits import N_CLASSES
from apps.demos.engines.text import Text, gettext_noop

CLASS_MARGIN = 0.10
MIN_CLASS_RECORDS = 10


def evaluate(labels: np.ndarray, predictions: np.ndarray) -> dict[str, Any]:
    """Overall accuracy, per-class recall (None for a class absent) and per-class counts."""
    per_class: list[float | None] = []
    class_records: list[int] = []
    for digit in range(N_CLASSES):
        mask = labels == digit
        class_records.append(int(mask.sum()))
        per_class.append(round(float((predictions[mask] == digit).mean()), 4) if mask.any() else None)
    return {
        "accuracy": round(float((predictions == labels).mean()), 4),
        "per_class": per_class,
        "class_records": class_records,
        "records": len(labels),
    }


def promotion_gate(candidate: dict[str, Any], production: dict[str, Any], margin: float = CLASS_MARGIN) -> Text | None:
    """None when ``candidate`` may replace ``production``, else the reason it may not."""
    if candidate["accuracy"] <= production["accuracy"]:
        return Text(
            gettext_noop("accuracy %(candidate)s does not beat production %(production)s"),
            {"candidate": f"{candidate['accuracy']:.1%}", "production": f"{production['accuracy']:.1%}"},
        )
    regressions = tuple(
        Text(
            gettext_noop("digit %(digit)s %(new)s vs %(old)s"),
            {"digit": digit, "new": f"{new:.0%}", "old": f"{old:.0%}"},
        )
        for digit, (new, old, count) in enumerate(
            zip(candidate["per_class"], production["per_class"], candidate["class_records"], strict=True)
        )
        if count >= MIN_CLASS_RECORDS and old - new > margin + 1e-9
    )
    if regressions:
        return Text(
            gettext_noop("recall falls by more than %(margin)s on %(digits)s"),
            {"margin": f"{margin:.0%}", "digits": regressions},
        )
    return None
