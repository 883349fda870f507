"""Over/underfitting: the polynomial capacity sweep and its regimes, read from the curves."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from apps.demos.engines.errors import InputError
from apps.demos.engines.fundamentals.capacity import fit_polynomial, regimes, sweep

SEEDS = range(5)


@pytest.mark.model
@pytest.mark.parametrize("seed", SEEDS)
def test_validation_error_is_u_shaped_with_its_minimum_inside_the_range(seed):
    result = sweep(seed=seed)
    validation, train = result["validation_error"], result["train_error"]
    best = result["best_capacity"]
    assert 2 <= best <= 6  # the truth is a smooth wave: a cubic-ish degree wins
    # Underfitting left of the minimum, overfitting right of it, by clear margins.
    assert validation[0] > 3 * validation[best]
    assert validation[1] > 1.2 * validation[best]
    assert max(validation[best + 3 :]) > 1.2 * validation[best]
    # Training error only falls as capacity grows (nested least-squares fits).
    assert all(b <= a + 1e-9 for a, b in itertools.pairwise(train))
    assert result["regime"][0] == "underfit" and result["regime"][best] == "good"
    assert "overfit" in result["regime"][best + 1 :]
    assert result["fit"]["regime"] == result["regime"][result["fit"]["degree"]]


@pytest.mark.model
def test_remedies_shrink_the_overfitting():
    """More data and L2 regularisation both lower the high-degree validation error."""
    base = sweep(seed=1)
    more_data = sweep(seed=1, points=300)
    l2 = sweep(seed=1, l2=1.0)
    high = slice(9, None)
    assert max(more_data["validation_error"][high]) < 0.5 * max(base["validation_error"][high])
    assert max(l2["validation_error"][high]) < 0.5 * max(base["validation_error"][high])
    assert more_data["regime"].count("overfit") < base["regime"].count("overfit")


def test_regimes_follow_the_one_standard_error_rule():
    best, names = regimes([3.0, 1.2, 1.0, 1.05, 1.5, 2.0], standard_error=0.1)
    assert best == 2
    assert names == ["underfit", "underfit", "good", "good", "overfit", "overfit"]


def test_l2_shrinks_the_coefficients():
    rng = np.random.default_rng(0)
    x, y = rng.uniform(-1, 1, 20), rng.normal(size=20)
    assert np.linalg.norm(fit_polynomial(x, y, 9, 1.0)) < np.linalg.norm(fit_polynomial(x, y, 9, 0.0))


def test_same_seed_same_result():
    assert sweep(seed=7) == sweep(seed=7)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"max_degree": 40}, "max_degree"),
        ({"max_degree": 5, "degree": 6}, "degree"),
        ({"points": 3}, "points"),
        ({"noise": float("nan")}, "noise"),
        ({"l2": -1.0}, "l2"),
        ({"seed": "1"}, "seed"),
        ({"points": True}, "points"),
    ],
)
def test_bad_values_name_their_field(kwargs, field):
    with pytest.raises(InputError) as caught:
        sweep(**kwargs)
    assert caught.value.field == field
