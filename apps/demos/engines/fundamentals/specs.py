"""Every artifact of the fundamentals lab, for ``train_demos`` and the model cache."""

from apps.demos.engines.fundamentals import digit_fitting, stages, surrogate

TRAIN_SPECS = [digit_fitting.SPEC, surrogate.SPEC, stages.SPEC]
