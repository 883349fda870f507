"""What the rnn page and API show, from the stored runs: no torch here."""

from __future__ import annotations

from typing import Any

from apps.demos.engines.errors import one_of
from apps.demos.engines.rnn.names import CELL_NAMES, LENGTHS
from apps.demos.engines.rnn.trainer import RECIPE


def run(runs: list[dict[str, Any]], length: int = LENGTHS[-1]) -> dict[str, Any]:
    """Accuracy and first-step gradient per cell and length, and the chosen length's gradient profiles."""
    length = one_of("length", length, LENGTHS)
    by = {(r["cell"], r["length"]): r for r in runs}
    return {
        "lengths": list(LENGTHS),
        "chance": 1 / RECIPE["symbols"],
        "cells": {
            cell: {
                "accuracy": [by[cell, n]["accuracy"] for n in LENGTHS],
                "first_step_gradient_before": [by[cell, n]["gradient_before"][0] for n in LENGTHS],
                "first_step_gradient_after": [by[cell, n]["gradient_after"][0] for n in LENGTHS],
            }
            for cell in CELL_NAMES
        },
        "length": length,
        "profiles": {cell: by[cell, length]["gradient_before"] for cell in CELL_NAMES},
    }
