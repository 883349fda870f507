"""XAI lab: CAM vs Grad-CAM vs Score-CAM on two small CNNs trained on generated images.

Public API: ``explain``, ``samples``, ``decode_png``, ``applicable_methods``; the artifacts
are ``cam-gap`` and ``cam-fc`` in ``TRAIN_SPECS``. The names are imported on first use (they
need torch); ``names`` holds the lab's choices torch-free.
"""

from apps.demos.engines.lazy import export_lazily

__all__ = export_lazily(
    __name__,
    {
        "CLASSES": ("data", "CLASSES"),
        "FC_SPEC": ("trainer", "FC_SPEC"),
        "GAP_SPEC": ("trainer", "GAP_SPEC"),
        "MAX_PNG_BYTES": ("png", "MAX_PNG_BYTES"),
        "SIZE": ("data", "SIZE"),
        "SPECS": ("api", "SPECS"),
        "TRAIN_SPECS": ("trainer", "TRAIN_SPECS"),
        "MethodNotApplicable": ("errors", "MethodNotApplicable"),
        "applicable_methods": ("api", "applicable_methods"),
        "decode_png": ("png", "decode_png"),
        "explain": ("api", "explain"),
        "samples": ("api", "samples"),
    },
)
