"""The five stages on load_digits: every accuracy and label count comes from the trained run."""

from __future__ import annotations

import numpy as np
import pytest

from apps.demos.engines.fundamentals import rules, stages
from apps.demos.engines.fundamentals.data import digit_splits
from apps.demos.engines.fundamentals.names import STAGES
from apps.demos.training import ensure_trained


@pytest.fixture(scope="module")
def measured():
    artifact = ensure_trained(stages.SPEC, echo=None)
    return artifact, stages.load(artifact.path)


def _rows(results):
    return {row["stage"]: row for row in results["table"]}


@pytest.mark.model
def test_the_table_is_measured_on_the_test_images(measured):
    artifact, results = measured
    splits = digit_splits()
    rows = _rows(results)
    assert tuple(rows) == STAGES
    assert results["test_labels"] == splits.test.y.tolist()
    for stage, row in rows.items():
        predicted = np.array(results["predictions"][stage])
        assert row["accuracy"] == pytest.approx((predicted == splits.test.y).mean(), abs=1e-4)
    # Stage 1 is the rules themselves, run again now.
    assert results["predictions"]["rules"] == rules.predict(splits.test.x).tolist()
    assert [rows[s]["task_labels"] for s in STAGES] == [
        0,
        len(splits.train),
        len(splits.train),
        10 * stages.FINE_TUNE_PER_CLASS,
        10 * stages.PROMPT_PER_CLASS,
    ]
    assert rows["finetune"]["upstream_labels"] == rows["prompt"]["upstream_labels"] == len(splits.pretrain)
    assert rows["scratch"]["train_seconds"] > 0 and rows["prompt"]["train_seconds"] == 0
    assert artifact.metadata["metrics"]["scratch_accuracy"] == rows["scratch"]["accuracy"]


@pytest.mark.model
def test_each_stage_does_what_the_notes_say(measured):
    _, results = measured
    rows = _rows(results)
    assert 0.3 < rows["rules"]["accuracy"] < 0.7  # hand-written rules break on real handwriting
    assert rows["features"]["accuracy"] > rows["rules"]["accuracy"] + 0.3
    assert rows["scratch"]["accuracy"] >= stages.MIN_SCRATCH_ACCURACY
    # Pre-training buys label efficiency: 100 labels fine-tuned come close to 629 from scratch...
    assert rows["finetune"]["accuracy"] > rows["scratch"]["accuracy"] - 0.08
    # ...and ten labelled examples as a prompt, with no training, beat every trained stage given ten.
    few = next(point for point in results["label_curve"] if point["per_class"] == 1)
    assert few["labels"] == 10
    assert few["prompt"] > max(few["features"], few["scratch"], few["finetune"]) + 0.05
    hundred = next(point for point in results["label_curve"] if point["per_class"] == 10)
    assert hundred["finetune"] > hundred["scratch"] + 0.03


def test_per_class_takes_k_of_every_class():
    x, y = stages.per_class(digit_splits().train, 3, seed=0)
    assert x.shape == (30, 64) and np.bincount(y).tolist() == [3] * 10
    again, _ = stages.per_class(digit_splits().train, 3, seed=0)
    assert np.array_equal(x, again)


def test_hand_made_features_and_rules_on_a_drawn_eight():
    eight = np.zeros((8, 8))
    eight[1, 2:6] = eight[3, 2:6] = eight[6, 2:6] = 16
    eight[1:7, 2] = eight[1:7, 5] = 16
    facts = rules.shape_facts(eight.ravel())
    assert facts["holes"] == 2
    assert rules.classify(eight.ravel()) == 8
    assert stages.hand_made_features(eight.reshape(1, 64)).shape == (1, 16 + 8 + 8 + 2)


@pytest.mark.model
def test_cnn_training_is_deterministic():
    x, y = stages.per_class(digit_splits().train, 2, seed=0)
    first, second = stages._scratch(x, y), stages._scratch(x, y)
    for (name, a), (_, b) in zip(first.state_dict().items(), second.state_dict().items(), strict=True):
        assert np.array_equal(a.numpy(), b.numpy()), name
