"""XAI lab: CAM vs Grad-CAM vs Score-CAM on two small CNNs trained on generated images.

Public API: ``explain``, ``samples``, ``decode_png``, ``applicable_methods``; the artifacts
are ``cam-gap`` and ``cam-fc`` in ``TRAIN_SPECS``.
"""

from apps.demos.engines.cam.api import SPECS, applicable_methods, explain, load_promoted, samples
from apps.demos.engines.cam.data import CLASSES, SIZE
from apps.demos.engines.cam.errors import InputError, MethodNotApplicable
from apps.demos.engines.cam.png import decode_png
from apps.demos.engines.cam.trainer import FC_SPEC, GAP_SPEC, TRAIN_SPECS

__all__ = [
    "CLASSES",
    "FC_SPEC",
    "GAP_SPEC",
    "SIZE",
    "SPECS",
    "TRAIN_SPECS",
    "InputError",
    "MethodNotApplicable",
    "applicable_methods",
    "decode_png",
    "explain",
    "load_promoted",
    "samples",
]
