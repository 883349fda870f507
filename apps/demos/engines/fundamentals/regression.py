"""Linear vs logistic regression on the same binary task: is a tumour malignant, from one measurement?

Computed on request (569 rows). Linear regression fits the 0/1 labels by least squares, so its
outputs are unbounded and leave [0, 1] at the extremes; logistic regression passes the same
linear score through the sigmoid and is fitted by cross-entropy, so its outputs are
probabilities. A linear slope reads as "label units per unit of the feature"; a logistic
coefficient as log-odds per unit (its exponential is the odds ratio).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.model_selection import train_test_split

from apps.demos.engines.errors import number, one_of, whole_number
from apps.demos.engines.fundamentals.data import tumours

SPLIT_SEED = 0
TEST_SHARE = 0.3
GRID = 61
DEFAULTS = {"feature": "mean radius", "threshold": 0.5, "seed": SPLIT_SEED}
LIMITS = {"threshold": (0.0, 1.0), "seed": (0, 2**31 - 1)}


def _metrics(labels: np.ndarray, scores: np.ndarray, threshold: float) -> dict[str, Any]:
    predicted = (scores >= threshold).astype(int)
    tp = int(((predicted == 1) & (labels == 1)).sum())
    fp = int(((predicted == 1) & (labels == 0)).sum())
    fn = int(((predicted == 0) & (labels == 1)).sum())
    tn = int(((predicted == 0) & (labels == 0)).sum())
    return {
        "accuracy": round((tp + tn) / len(labels), 4),
        "precision": round(tp / (tp + fp), 4) if tp + fp else None,
        "recall": round(tp / (tp + fn), 4) if tp + fn else None,
        "confusion": {"tp": tp, "fp": fp, "fn": fn, "tn": tn},
        "mse": round(float(np.mean((scores - labels) ** 2)), 5),
    }


def cross_entropy(labels: np.ndarray, scores: np.ndarray) -> float | None:
    """Mean binary cross-entropy, or None when a score is not a probability (log of ≤ 0)."""
    if scores.min() <= 0.0 or scores.max() >= 1.0:
        return None
    return float(-np.mean(labels * np.log(scores) + (1 - labels) * np.log(1 - scores)))


def compare(
    feature: str = DEFAULTS["feature"], threshold: float = DEFAULTS["threshold"], seed: int = DEFAULTS["seed"]
) -> dict[str, Any]:
    data = tumours()
    feature = one_of("feature", feature, data.features)
    threshold = number("threshold", threshold, *LIMITS["threshold"])
    seed = whole_number("seed", seed, *LIMITS["seed"])
    column = data.x[:, data.features.index(feature)]
    x_train, x_test, y_train, y_test = train_test_split(
        column[:, None], data.y, test_size=TEST_SHARE, random_state=seed, stratify=data.y
    )
    linear = LinearRegression().fit(x_train, y_train)
    # No penalty: the coefficient is the plain maximum-likelihood log-odds per unit. Newton steps
    # converge in a handful of iterations on one feature, where lbfgs takes ~30x longer.
    logistic = LogisticRegression(C=np.inf, solver="newton-cholesky").fit(x_train, y_train)
    linear_out = linear.predict(x_test)
    logistic_out = logistic.predict_proba(x_test)[:, 1]
    order = np.argsort(x_test[:, 0], kind="stable")
    grid = np.linspace(column.min(), column.max(), GRID)[:, None]
    slope, log_odds = float(linear.coef_[0]), float(logistic.coef_[0, 0])
    # The feature value where each model's output crosses the threshold (its decision boundary).
    linear_cut = (threshold - linear.intercept_) / slope if slope else None
    logit = np.log(threshold / (1 - threshold)) if 0 < threshold < 1 else None
    logistic_cut = (logit - logistic.intercept_[0]) / log_odds if logit is not None and log_odds else None
    outside = (linear_out < 0) | (linear_out > 1)
    return {
        "feature": feature,
        "positive_class": "malignant",
        "threshold": threshold,
        "train_size": len(y_train),
        "test_size": len(y_test),
        "x": np.round(x_test[order, 0], 5).tolist(),
        "labels": y_test[order].tolist(),
        "linear_outputs": np.round(linear_out[order], 4).tolist(),
        "logistic_probabilities": np.round(logistic_out[order], 4).tolist(),
        "linear_outside_unit_interval": int(outside.sum()),
        "linear_range": [round(float(linear_out.min()), 4), round(float(linear_out.max()), 4)],
        "logistic_range": [round(float(logistic_out.min()), 4), round(float(logistic_out.max()), 4)],
        "linear": {
            "intercept": round(float(linear.intercept_), 5),
            "slope": round(slope, 5),
            "cut": None if linear_cut is None else round(float(linear_cut), 5),
            **_metrics(y_test, linear_out, threshold),
            "cross_entropy": None,  # undefined: some outputs are not probabilities
        },
        "logistic": {
            "intercept": round(float(logistic.intercept_[0]), 5),
            "log_odds_per_unit": round(log_odds, 5),
            "odds_ratio_per_unit": float(f"{np.exp(log_odds):.5g}") if log_odds < 700 else None,
            "cut": None if logistic_cut is None else round(float(logistic_cut), 5),
            **_metrics(y_test, logistic_out, threshold),
            "cross_entropy": round(cross_entropy(y_test, logistic_out), 5),
        },
        "curves": {
            "x": np.round(grid[:, 0], 5).tolist(),
            "linear": np.round(linear.predict(grid), 4).tolist(),
            "logistic": np.round(logistic.predict_proba(grid)[:, 1], 4).tolist(),
        },
    }
