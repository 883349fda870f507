"""Learning paradigms lab: zero-, one- and few-shot learning and generalised zero-shot learning (GZSL).

An attribute network learns on seven digits; the three unseen digits are recognised from hand-written
descriptions alone (zero-shot), from k labelled examples (k-shot), or among all ten (GZSL).
Public names are imported on first use (the model needs torch; ``lab`` and ``attributes`` do not).
"""

from apps.demos.engines.lazy import export_lazily

__all__ = export_lazily(
    __name__,
    {
        "ATTRIBUTES": ("attributes", "ATTRIBUTES"),
        "DESCRIPTIONS": ("attributes", "DESCRIPTIONS"),
        "SEEN": ("attributes", "SEEN"),
        "UNSEEN": ("attributes", "UNSEEN"),
        "CALIBRATION_MAX": ("lab", "CALIBRATION_MAX"),
        "CALIBRATION_STEP": ("lab", "CALIBRATION_STEP"),
        "DEFAULT_CALIBRATION": ("lab", "DEFAULT_CALIBRATION"),
        "SHOTS": ("lab", "SHOTS"),
        "run": ("lab", "run"),
        "SPEC": ("trainer", "SPEC"),
        "TRAIN_SPECS": ("trainer", "TRAIN_SPECS"),
    },
)
