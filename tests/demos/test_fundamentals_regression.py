"""Linear vs logistic regression on the tumour data, and surrogates of the black-box MLP."""

from __future__ import annotations

import math

import numpy as np
import pytest

from apps.demos.engines.errors import InputError
from apps.demos.engines.fundamentals import surrogate
from apps.demos.engines.fundamentals.regression import compare
from apps.demos.training import ensure_trained


@pytest.mark.model
@pytest.mark.parametrize("feature", ["mean radius", "worst concave points", "worst perimeter"])
def test_logistic_outputs_are_probabilities_and_linear_ones_leave_the_interval(feature):
    result = compare(feature=feature)
    logistic = np.array(result["logistic_probabilities"])
    linear = np.array(result["linear_outputs"])
    assert ((logistic >= 0) & (logistic <= 1)).all()
    assert linear.min() < 0 and linear.max() > 1
    assert result["linear_outside_unit_interval"] >= 10
    # Both separate the classes well above the majority share (63% benign).
    assert result["logistic"]["accuracy"] > 0.85 and result["linear"]["accuracy"] > 0.8
    assert result["linear"]["cross_entropy"] is None
    assert 0 < result["logistic"]["cross_entropy"] < 0.4
    assert result["logistic"]["mse"] < result["linear"]["mse"]


@pytest.mark.model
def test_coefficients_read_as_log_odds():
    result = compare(feature="mean radius")
    logistic = result["logistic"]
    assert logistic["log_odds_per_unit"] > 0  # bigger tumours are more often malignant
    assert logistic["odds_ratio_per_unit"] == pytest.approx(math.exp(logistic["log_odds_per_unit"]), rel=1e-4)
    # At the 0.5 threshold the logistic cut is where the log-odds are zero.
    assert logistic["cut"] == pytest.approx(-logistic["intercept"] / logistic["log_odds_per_unit"], rel=1e-4)


@pytest.mark.model
def test_a_lower_threshold_trades_precision_for_recall():
    low, high = compare(threshold=0.2)["logistic"], compare(threshold=0.8)["logistic"]
    assert low["recall"] > high["recall"] and low["precision"] < high["precision"]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"feature": "height"}, "feature"), ({"threshold": 1.5}, "threshold"), ({"seed": -1}, "seed")],
)
def test_bad_values_name_their_field(kwargs, field):
    with pytest.raises(InputError) as caught:
        compare(**kwargs)
    assert caught.value.field == field


@pytest.fixture(scope="module")
def lab():
    artifact = ensure_trained(surrogate.SPEC, echo=None)
    return surrogate.load(artifact.path)


@pytest.mark.model
def test_black_box_and_surrogate_metadata(lab):
    artifact = ensure_trained(surrogate.SPEC, echo=None)
    metrics = artifact.metadata["metrics"]
    assert metrics["black_box_accuracy"] >= surrogate.MIN_BLACK_BOX_ACCURACY
    assert len(artifact.metadata["data"]["sha256"]) == 64
    assert surrogate.gate({"metrics": {"black_box_accuracy": 0.5}}) is not None


@pytest.mark.model
def test_surrogate_fidelity_beats_its_accuracy_where_the_black_box_errs(lab):
    result = surrogate.explain(lab, "logistic", sample=0)
    errs = result["where_black_box_errs"]
    assert errs["count"] >= 3  # the black box does err on some test digits
    assert errs["surrogate_fidelity"] > errs["surrogate_accuracy"] + 0.3
    assert result["surrogate_fidelity"] > 0.9


@pytest.mark.model
def test_a_shallow_tree_is_a_poor_surrogate_and_depth_helps(lab):
    scores = surrogate.explain(lab, "tree-3")["all_surrogates"]
    assert scores["tree-3"]["fidelity"] < 0.6  # ten classes cannot be told apart with 8 leaves
    assert scores["tree-10"]["fidelity"] > scores["tree-3"]["fidelity"] + 0.2
    assert scores["logistic"]["fidelity"] > scores["tree-10"]["fidelity"]
    assert surrogate.explain(lab, "tree-3")["rules"].count("class:") == 8


@pytest.mark.model
def test_local_surrogate_is_faithful_near_the_chosen_image(lab):
    fidelities = [surrogate.explain(lab, "logistic", sample=i)["local"]["fidelity"] for i in range(0, 360, 45)]
    assert np.mean(fidelities) > 0.8
    local = surrogate.explain(lab, "logistic", sample=3)["local"]
    assert np.array(local["block_weights"]).shape == (4, 4)


@pytest.mark.model
def test_bad_surrogate_values_name_their_field(lab):
    for kwargs, field in [({"surrogate": "tree-99"}, "surrogate"), ({"sample": 10_000}, "sample")]:
        with pytest.raises(InputError) as caught:
            surrogate.explain(lab, **kwargs)
        assert caught.value.field == field


@pytest.mark.model
def test_black_box_and_surrogates_train_deterministically(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    assert surrogate.train(first, lambda *a: None)["metrics"]["black_box_accuracy"] > 0.9
    surrogate.train(second, lambda *a: None)
    assert (first / "surrogates.json").read_text() == (second / "surrogates.json").read_text()
