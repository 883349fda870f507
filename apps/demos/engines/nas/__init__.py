"""AutoML lab: neural architecture search on load_digits, random search vs DARTS over one small cell space.

Public names are imported on first use (search and training need torch; ``names`` and ``lab`` do not).
"""

from apps.demos.engines.lazy import export_lazily

__all__ = export_lazily(
    __name__,
    {
        "EDGES": ("names", "EDGES"),
        "OPERATION_NAMES": ("names", "OPERATION_NAMES"),
        "run": ("lab", "run"),
        "SPEC": ("trainer", "SPEC"),
        "TRAIN_SPECS": ("trainer", "TRAIN_SPECS"),
    },
)
