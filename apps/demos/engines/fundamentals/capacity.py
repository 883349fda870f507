"""Over- and underfitting on noisy 1-D points: a polynomial's degree is the capacity knob.

Computed on request (a few least-squares solves). The regime of each degree is read from the
validation curve with the one-standard-error rule: degrees whose validation error is within one
standard error of the minimum fit well; the cheaper ones outside it underfit, the richer ones
overfit. The margin comes from the validation errors' own spread, not from a fixed threshold.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.polynomial import legendre

from apps.demos.engines.errors import number, whole_number
from apps.demos.engines.fundamentals.data import noisy_points, true_curve

LIMITS = {
    "max_degree": (2, 15),
    "degree": (0, 15),
    "points": (8, 500),
    "noise": (0.0, 1.5),
    "l2": (0.0, 100.0),
    "seed": (0, 2**31 - 1),
}
DEFAULTS = {"max_degree": 12, "degree": 3, "points": 30, "noise": 0.3, "l2": 0.0, "seed": 0}
VALIDATION_POINTS = 400
GRID = 81


def fit_polynomial(x: np.ndarray, y: np.ndarray, degree: int, l2: float) -> np.ndarray:
    """Legendre coefficients minimising squared error + ``l2`` × ‖coefficients‖² (x in [-1, 1];
    the Legendre basis keeps high degrees well conditioned where plain powers would not)."""
    basis = legendre.legvander(x, degree)
    if l2 > 0:
        basis = np.vstack([basis, np.sqrt(l2) * np.eye(degree + 1)])
        y = np.concatenate([y, np.zeros(degree + 1)])
    coefficients, *_ = np.linalg.lstsq(basis, y, rcond=None)
    return coefficients


def regimes(validation_error: list[float], standard_error: float) -> tuple[int, list[str]]:
    """Index of the best capacity and each capacity's regime by the one-standard-error rule."""
    best = int(np.argmin(validation_error))
    ceiling = validation_error[best] + standard_error
    names = []
    for i, error in enumerate(validation_error):
        if error <= ceiling:
            names.append("good")
        else:
            names.append("underfit" if i < best else "overfit")
    return best, names


def sweep(
    max_degree: int = DEFAULTS["max_degree"],
    degree: int = DEFAULTS["degree"],
    points: int = DEFAULTS["points"],
    noise: float = DEFAULTS["noise"],
    l2: float = DEFAULTS["l2"],
    seed: int = DEFAULTS["seed"],
) -> dict[str, Any]:
    """Train and validation mean squared error for degrees 0..``max_degree``, plus the fit of ``degree``."""
    max_degree = whole_number("max_degree", max_degree, *LIMITS["max_degree"])
    degree = whole_number("degree", degree, 0, max_degree)
    points = whole_number("points", points, *LIMITS["points"])
    noise = number("noise", noise, *LIMITS["noise"])
    l2 = number("l2", l2, *LIMITS["l2"])
    seed = whole_number("seed", seed, *LIMITS["seed"])
    x, y = noisy_points(points, noise, seed)
    # Validation points come from the same curve and noise but an independent stream.
    vx, vy = noisy_points(VALIDATION_POINTS, noise, seed + 1 if seed < LIMITS["seed"][1] else 0)
    capacities = list(range(max_degree + 1))
    train_error, validation_error, squared = [], [], []
    for d in capacities:
        c = fit_polynomial(x, y, d, l2)
        train_error.append(float(np.mean((legendre.legval(x, c) - y) ** 2)))
        residual = (legendre.legval(vx, c) - vy) ** 2
        squared.append(residual)
        validation_error.append(float(residual.mean()))
    best = int(np.argmin(validation_error))
    standard_error = float(squared[best].std(ddof=1) / np.sqrt(VALIDATION_POINTS))
    best, names = regimes(validation_error, standard_error)
    grid = np.linspace(-1.0, 1.0, GRID)
    chosen = fit_polynomial(x, y, degree, l2)
    return {
        "capacity": "polynomial degree",
        "capacities": capacities,
        "train_error": [round(e, 5) for e in train_error],
        "validation_error": [round(e, 5) for e in validation_error],
        "best_capacity": capacities[best],
        "standard_error": round(standard_error, 5),
        "regime": names,
        "settings": {
            "max_degree": max_degree,
            "degree": degree,
            "points": points,
            "noise": noise,
            "l2": l2,
            "seed": seed,
        },
        "points": {"x": np.round(x, 4).tolist(), "y": np.round(y, 4).tolist()},
        "fit": {
            "degree": degree,
            "regime": names[degree],
            "x": np.round(grid, 4).tolist(),
            "y": np.round(legendre.legval(grid, chosen), 4).tolist(),
            "truth": np.round(true_curve(grid), 4).tolist(),
        },
    }
