"""Data validation, the first step of the level 1 pipeline.

* Schema skew — records that do not match the expected schema (64 features, each present
  and a whole number from 0 to 16) stop the pipeline with the reasons named.
* Value skew — a per-feature two-sample Kolmogorov–Smirnov test of the new batch against
  the production model's training reference, Bonferroni-corrected over the features tested.
  Features constant in both samples carry no information and are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import ks_2samp

from apps.demos.engines.mlops.digits import FEATURE_NAMES, N_FEATURES, PIXEL_MAX
from apps.demos.engines.text import Text, gettext_noop

FAMILY_ALPHA = 1e-4  # per daily check over all features tested: ~0.6% false alarms in 60 days


def schema_problems(features: np.ndarray) -> list[Text]:
    """Why ``features`` break the schema (empty when they match it)."""
    if features.ndim != 2 or features.shape[1] != N_FEATURES:
        return [
            Text(
                gettext_noop("expected %(expected)s features per record, got shape %(shape)s"),
                {"expected": N_FEATURES, "shape": str(features.shape)},
            )
        ]
    problems = []
    missing = ~np.isfinite(features)
    for column in np.flatnonzero(missing.any(axis=0)):
        problems.append(
            Text(
                gettext_noop("feature %(feature)s missing in %(share)s of records"),
                {"feature": FEATURE_NAMES[column], "share": f"{missing[:, column].mean():.0%}"},
            )
        )
    present = np.where(missing, 0.0, features)
    outside = (present < 0.0) | (present > PIXEL_MAX)
    if outside.any():
        problems.append(
            Text(
                gettext_noop(
                    "values outside 0-16 in %(columns)s of %(features)s features (range seen %(low)s to %(high)s)"
                ),
                {
                    "columns": int(outside.any(axis=0).sum()),
                    "features": N_FEATURES,
                    "low": f"{present.min() + 0.0:g}",
                    "high": f"{present.max():g}",
                },
            )
        )
    fractional = present != np.rint(present)
    if fractional.any():
        problems.append(
            Text(
                gettext_noop("non-integer values in %(columns)s features"),
                {"columns": int(fractional.any(axis=0).sum())},
            )
        )
    return problems


@dataclass(frozen=True)
class SkewReport:
    tested: int  # features not constant across reference and batch
    threshold: float  # per-feature p-value threshold after Bonferroni correction
    shifted: list[tuple[str, float]]  # (feature, KS statistic D), largest D first
    smallest_pvalue: float | None  # of the feature with the largest D

    @property
    def detected(self) -> bool:
        return bool(self.shifted)


def _ks_statistics(reference: np.ndarray, batch: np.ndarray) -> np.ndarray:
    """The two-sample KS statistic D = max |ECDF_ref − ECDF_batch| of every column at once.

    Schema-valid pixels are whole numbers 0–16, so each ECDF is a cumulative histogram
    over 17 values.
    """
    levels = int(PIXEL_MAX) + 1
    offsets = np.arange(reference.shape[1]) * levels

    def ecdf(sample: np.ndarray) -> np.ndarray:
        counts = np.bincount((sample.astype(int) + offsets).ravel(), minlength=offsets.size * levels)
        return np.cumsum(counts.reshape(-1, levels), axis=1) / len(sample)

    return np.abs(ecdf(reference) - ecdf(batch)).max(axis=1)


def value_skew(reference: np.ndarray, batch: np.ndarray, family_alpha: float = FAMILY_ALPHA) -> SkewReport:
    """Which features of ``batch`` are distributed differently from ``reference``.

    For fixed sample sizes the KS p-value falls as D grows, so with the features sorted by
    D the significant ones form a prefix. ``ks_2samp`` decides on the feature with the
    largest D and, if that one is significant, the prefix's end is found by bisection:
    the same answer as testing every feature, with a handful of calls.
    """
    informative = np.flatnonzero(np.ptp(np.concatenate([reference, batch]), axis=0) > 0.0)
    threshold = family_alpha / max(len(informative), 1)
    statistics = _ks_statistics(reference[:, informative], batch[:, informative])
    ranked = informative[np.argsort(-statistics, kind="stable")]

    def pvalue(rank: int) -> float:
        column = ranked[rank]
        return float(ks_2samp(reference[:, column], batch[:, column], method="asymp").pvalue)

    if not len(ranked):
        return SkewReport(0, threshold, [], None)
    smallest = pvalue(0)
    count = 0
    if smallest < threshold:
        low, high = 1, len(ranked)  # ranks below ``low`` are significant, from ``high`` not
        while low < high:
            middle = (low + high) // 2
            if pvalue(middle) < threshold:
                low = middle + 1
            else:
                high = middle
        count = low
    by_column = dict(zip(informative, statistics, strict=True))
    shifted = [(FEATURE_NAMES[c], float(by_column[c])) for c in ranked[:count]]
    return SkewReport(len(informative), threshold, shifted, smallest)
