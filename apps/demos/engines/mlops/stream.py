"""The simulated production stream: a training pool and one labelled serving batch per day.

The digits are split once per seed into pool sources and serving sources; the pool is two
augmented copies of its sources, and each day draws 150–300 serving records from the
serving sources (with replacement) and augments them (recipe in ``digits``). Day 0 is the
labelled batch collected before launch, which validates the first model. Every day has its
own generator derived from ``(seed, day)``, so a day's records are the same whatever the
level, and identical across scenarios until the scenario's onset day.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from apps.demos.engines.mlops.digits import FEATURE_NAMES, N_CLASSES, PIXEL_MAX, augment, digits

SCENARIOS = ("none", "value_skew", "schema_skew", "training_serving_skew", "pipeline_bug")
POOL_FRACTION = 0.4
POOL_COPIES = 2
BATCH_SIZES = (150, 300)

# value_skew: a new scanner from the onset day (brighter background, fainter ink) and a
# new customer segment in which some digits are more common.
SCANNER_GAIN = 0.6
SCANNER_OFFSET = 5.0
CLASS_WEIGHTS_AFTER_SKEW = {1: 2.0, 4: 1.5, 7: 2.0}

# schema_skew: an upstream export change sends 0–255 values and drops one column.
SCHEMA_SCALE = 255.0 / PIXEL_MAX
MISSING_FEATURE = FEATURE_NAMES.index("px_3_4")

# pipeline_bug: pipeline code versions proposed on (onset + offset) days.
CODE_CHANGES = {0: "v2", 4: "v3"}


def onset_day(days: int) -> int:
    """The day the scenario's change starts: a third of the way in (day 21 of 60)."""
    return max(1, days // 3 + 1)


@dataclass(frozen=True)
class DayBatch:
    day: int
    features: np.ndarray  # as the service receives them (possibly broken, see schema_skew)
    labels: np.ndarray


class ProductionStream:
    def __init__(self, scenario: str, days: int, seed: int):
        images, labels = digits()
        order = np.random.default_rng([seed, 0, 0]).permutation(len(labels))
        n_pool = round(POOL_FRACTION * len(labels))
        self.scenario = scenario
        self.seed = seed
        self.onset = onset_day(days)
        self._pool_sources = order[:n_pool]
        self._serving_sources = order[n_pool:]
        self._images = images
        self._labels = labels

    def pool(self) -> tuple[np.ndarray, np.ndarray]:
        """The labelled training pool the first model is trained on."""
        sources = np.tile(self._pool_sources, POOL_COPIES)
        rng = np.random.default_rng([self.seed, 0, 1])
        return augment(self._images[sources], rng), self._labels[sources].copy()

    def batch(self, day: int) -> DayBatch:
        rng = np.random.default_rng([self.seed, 1, day])
        size = int(rng.integers(BATCH_SIZES[0], BATCH_SIZES[1] + 1))
        drifted = self.scenario == "value_skew" and day >= self.onset
        sources = rng.choice(self._serving_sources, size=size, p=self._source_weights(drifted))
        features = augment(self._images[sources], rng)
        if drifted:
            features = np.clip(np.rint(SCANNER_GAIN * features + SCANNER_OFFSET), 0.0, PIXEL_MAX)
        if self.scenario == "schema_skew" and day >= self.onset:
            features = np.rint(features * SCHEMA_SCALE)
            features[:, MISSING_FEATURE] = np.nan
        return DayBatch(day, features, self._labels[sources].copy())

    def serving_forgets_preprocessing(self, day: int) -> bool:
        return self.scenario == "training_serving_skew" and day >= self.onset

    def code_change(self, day: int) -> str | None:
        """The pipeline code version proposed on ``day``, if any."""
        if self.scenario != "pipeline_bug":
            return None
        return CODE_CHANGES.get(day - self.onset)

    def _source_weights(self, drifted: bool) -> np.ndarray | None:
        if not drifted:
            return None
        per_class = np.ones(N_CLASSES)
        for digit, weight in CLASS_WEIGHTS_AFTER_SKEW.items():
            per_class[digit] = weight
        weights = per_class[self._labels[self._serving_sources]]
        return weights / weights.sum()
