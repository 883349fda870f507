"""MLOps lab: levels 0, 1 and 2 as a runnable simulation, plus the digits serving model.

Public API (plain data in and out):

* ``simulate(level, scenario, days, seed)`` — the day-by-day timeline of one MLOps level
  under one production scenario, with the model registry's versions.
* ``render(text, translate)`` — one of the run's ``Text`` values (event details, triggers,
  decisions) in the language of ``translate`` (e.g. Django's ``gettext``); English without it.
* ``event_keywords(event_type)`` — the study notes' ko/en keywords for a timeline event.
* ``predict(model, pixels)`` / ``sample_inputs()`` / ``training_serving_skew(model)`` —
  the serving demo around the ``digits-serving`` artifact (``TRAIN_SPECS``).
"""

from apps.demos.engines.mlops.keywords import (
    EVENT_KEYWORDS,
    EVENT_TYPES,
    LEVEL_KEYWORDS,
    SERVING_KEYWORDS,
    event_keywords,
)
from apps.demos.engines.mlops.serving import (
    SERVING_SPEC,
    predict,
    sample_inputs,
    training_serving_skew,
)
from apps.demos.engines.mlops.simulation import DEFAULT_SEED, LEVELS, MAX_DAYS, MAX_SEED, simulate
from apps.demos.engines.mlops.stream import SCENARIOS
from apps.demos.engines.text import Text, render

TRAIN_SPECS = [SERVING_SPEC]

__all__ = [
    "DEFAULT_SEED",
    "EVENT_KEYWORDS",
    "EVENT_TYPES",
    "LEVELS",
    "LEVEL_KEYWORDS",
    "MAX_DAYS",
    "MAX_SEED",
    "SCENARIOS",
    "SERVING_KEYWORDS",
    "TRAIN_SPECS",
    "Text",
    "event_keywords",
    "predict",
    "render",
    "sample_inputs",
    "simulate",
    "training_serving_skew",
]
