"""Over/underfitting on load_digits: capacity sweeps and epoch curves with the remedies."""

from __future__ import annotations

import pytest

from apps.demos.engines.errors import InputError
from apps.demos.engines.fundamentals import digit_fitting
from apps.demos.training import ensure_trained


@pytest.fixture(scope="module")
def results():
    return digit_fitting.load(ensure_trained(digit_fitting.SPEC, echo=None).path)


@pytest.mark.model
def test_tree_depth_underfits_then_overfits(results):
    tree = digit_fitting.curves(results, "tree")
    best = tree["capacities"].index(tree["best_capacity"])
    assert 0 < best < len(tree["capacities"]) - 1  # the minimum is inside the range
    assert tree["regime"][0] == "underfit" and tree["regime"][best] == "good"
    assert tree["validation_error"][0] > 0.6  # a stump tells two digits apart at most
    assert tree["train_error"][-1] == 0.0 and tree["validation_error"][-1] > tree["validation_error"][best]
    assert tree["regime"][-1] == "overfit"


@pytest.mark.model
def test_a_narrow_mlp_underfits(results):
    width = digit_fitting.curves(results, "width")
    assert width["regime"][0] == "underfit" and width["validation_error"][0] > 0.5
    assert min(width["validation_error"]) < 0.08


@pytest.mark.model
def test_training_longer_on_few_labels_overfits_and_each_remedy_helps(results):
    plain = results["epochs"]["none"]["curve"]
    lowest = min(point["validation_loss"] for point in plain)
    assert plain[-1]["train_loss"] < 0.01  # memorised the 100 training digits
    assert plain[-1]["validation_loss"] > 1.3 * lowest  # while validation loss climbed back up
    for remedy in ("more_data", "l2", "dropout"):
        final = results["epochs"][remedy]["curve"][-1]
        assert final["validation_loss"] < 0.8 * plain[-1]["validation_loss"], remedy
    stop = results["early_stopping"]
    assert stop["best"]["validation_loss"] == lowest
    assert stop["best"]["epoch"] < stop["stopped_at"] < plain[-1]["epoch"]


def test_early_stop_waits_for_patience():
    curve = [
        {"epoch": e, "validation_loss": v} for e, v in [(1, 3.0), (5, 1.0), (10, 1.5), (15, 0.9), (20, 2), (25, 2)]
    ]
    assert digit_fitting.early_stop(curve, 10) == {"stopped_at": 25, "best": curve[3]}
    assert digit_fitting.early_stop(curve, 100)["stopped_at"] == 25


@pytest.mark.model
def test_bad_values_name_their_field(results):
    for kwargs, field in [({"knob": "depth"}, "knob"), ({"remedy": "prayer"}, "remedy")]:
        with pytest.raises(InputError) as caught:
            digit_fitting.curves(results, **kwargs)
        assert caught.value.field == field
