"""Learning paradigms lab: zero-, one- and few-shot learning and generalised zero-shot learning (GZSL).

An attribute network learns on seven digits; the three unseen digits are recognised from hand-written
descriptions alone (zero-shot), from k labelled examples (k-shot), or among all ten (GZSL).
"""

from apps.demos.engines.shots.attributes import ATTRIBUTES, DESCRIPTIONS, SEEN, UNSEEN
from apps.demos.engines.shots.lab import CALIBRATION_MAX, CALIBRATION_STEP, DEFAULT_CALIBRATION, SHOTS, run
from apps.demos.engines.shots.trainer import SPEC, TRAIN_SPECS

__all__ = [
    "ATTRIBUTES",
    "CALIBRATION_MAX",
    "CALIBRATION_STEP",
    "DEFAULT_CALIBRATION",
    "DESCRIPTIONS",
    "SEEN",
    "SHOTS",
    "SPEC",
    "TRAIN_SPECS",
    "UNSEEN",
    "run",
]
