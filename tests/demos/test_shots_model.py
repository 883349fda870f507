"""The shots artifact: zero-shot beats chance, few-shot improves with k, GZSL's seen-class bias and calibration."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pytest
import torch

from apps.demos.engines.shots import SEEN, SPEC, UNSEEN, attributes, evaluate
from apps.demos.engines.shots.lab import DEFAULT_CALIBRATION, gzsl, k_shot_curve, run, zsl_accuracy
from apps.demos.engines.shots.trainer import RECIPE, fit, split
from apps.demos.engines.spec import no_progress
from apps.demos.training import ensure_trained

CHANCE = 1 / len(UNSEEN)


@pytest.fixture(scope="module")
def model():
    return SPEC.load(ensure_trained(SPEC, echo=None).path)


def test_descriptions_are_distinct_and_learnable_from_seen_digits():
    rows = attributes.matrix()
    assert len({tuple(r) for r in rows}) == len(rows)
    seen_rows = rows[list(SEEN)]
    # each attribute is present in some seen digit and absent from another
    assert (seen_rows.max(axis=0) == 1).all() and (seen_rows.min(axis=0) == 0).all()


def test_unseen_digits_never_reach_training():
    data = split()
    assert not np.isin(data.labels[data.seen_train], UNSEEN).any()
    assert not set(data.seen_train) & set(data.seen_test)


def test_gzsl_calibration_shifts_predictions_to_unseen_classes():
    # Two images, two classes: 0 seen, 1 unseen; image 0 is seen, image 1 unseen.
    scores = np.array([[0.0, -1.0], [0.0, -0.5]])
    labels = np.array([0, 1])
    assert evaluate.generalised_zero_shot(scores, labels, (0,), 0.0)["unseen"] == 0.0
    calibrated = evaluate.generalised_zero_shot(scores, labels, (0,), 0.75)
    assert calibrated == {
        "seen": 1.0,
        "unseen": 1.0,
        "harmonic": 1.0,
        "calibration": 0.75,
        "unseen_predicted_as_seen": 0.0,
    }
    assert evaluate.harmonic_mean(0.9, 0.0) == 0.0


@pytest.mark.model
def test_zero_shot_beats_chance(model):
    assert zsl_accuracy(model) >= CHANCE + 0.1


@pytest.mark.model
def test_few_shot_accuracy_rises_from_one_to_five_shots(model):
    for seed in (0, 1):
        curve = k_shot_curve(model, seed=seed)
        assert curve[5] >= curve[1] + 0.05
        assert curve[1] > zsl_accuracy(model)  # one labelled example beats a description here


@pytest.mark.model
def test_gzsl_without_calibration_is_biased_toward_seen_classes(model):
    plain = gzsl(model, 0.0)
    assert plain["unseen"] < zsl_accuracy(model) - 0.2
    assert plain["unseen_predicted_as_seen"] > 0.5
    assert plain["seen"] > 0.9


@pytest.mark.model
def test_calibration_raises_the_harmonic_mean(model):
    plain, calibrated = gzsl(model, 0.0), gzsl(model, DEFAULT_CALIBRATION)
    assert calibrated["harmonic"] >= plain["harmonic"] + 0.3
    assert calibrated["unseen"] > plain["unseen"] and calibrated["seen"] < plain["seen"]


@pytest.mark.model
def test_run_reports_what_the_page_needs(model):
    result = run(model, calibration=4.0, seed=3)
    assert result["gzsl"]["calibration"] == 4.0
    assert list(result["k_shot_accuracy"]) == [1, 2, 3, 5, 10]
    sweep = result["calibration_sweep"]
    assert sweep[0] == result["gzsl_uncalibrated"]
    # more calibration never helps the seen classes
    assert all(a["seen"] >= b["seen"] for a, b in pairwise(sweep))


@pytest.mark.model
def test_training_is_deterministic():
    short = {**RECIPE, "steps": 20}
    first, second = fit(short, no_progress), fit(short, no_progress)
    for (name, a), (_, b) in zip(first.state_dict().items(), second.state_dict().items(), strict=True):
        assert torch.equal(a, b), name
