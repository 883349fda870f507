"""The digits-serving artifact: one file holding preprocessing + model, and its predict API."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sklearn.pipeline import Pipeline

from apps.demos.engines.errors import InputError
from apps.demos.engines.mlops import (
    TRAIN_SPECS,
    predict,
    sample_inputs,
    training_serving_skew,
)
from apps.demos.engines.mlops.serving import MIN_ACCURACY, SERVING_SPEC, _split
from apps.demos.training import ensure_trained

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def artifact():
    return ensure_trained(SERVING_SPEC, echo=None)


@pytest.fixture(scope="module")
def model(artifact):
    return SERVING_SPEC.load(artifact.path)


def test_the_spec_is_exported_and_passes_its_gate(artifact):
    assert [spec.name for spec in TRAIN_SPECS] == ["digits-serving"]
    assert SERVING_SPEC.demo == "serving"
    assert artifact.metadata["metrics"]["accuracy"] >= MIN_ACCURACY
    assert SERVING_SPEC.gate(artifact.metadata) is None
    assert "below 95%" in SERVING_SPEC.gate({"metrics": {"accuracy": 0.9}})


def test_the_artifact_is_one_file_with_preprocessing_and_model(artifact, model):
    files = sorted(p.name for p in artifact.path.iterdir())
    assert files == ["metadata.json", "model.joblib"]
    assert isinstance(model, Pipeline)
    assert [name for name, _ in model.steps] == ["standardise", "classify"]
    assert artifact.metadata["artifact"]["steps"] == ["standardise", "classify"]


def test_predict_matches_the_held_out_accuracy_recorded_at_training(artifact, model):
    _, test_x, _, test_y = _split()
    predictions = []
    for start in range(0, len(test_y), 100):
        predictions += predict(model, test_x[start : start + 100].tolist())["predictions"]
    accuracy = sum(p == y for p, y in zip(predictions, test_y, strict=True)) / len(test_y)
    assert accuracy == pytest.approx(artifact.metadata["metrics"]["accuracy"], abs=1e-4)


def test_one_digit_gives_one_prediction_with_probabilities_that_sum_to_one(model):
    sample = sample_inputs(4)[3]
    result = predict(model, sample["pixels"])
    assert result["predictions"] == [3] == [sample["label"]]
    (probabilities,) = result["probabilities"]
    assert len(probabilities) == 10 and sum(probabilities) == pytest.approx(1.0, abs=1e-4)
    assert max(range(10), key=probabilities.__getitem__) == 3


def test_sample_inputs_are_one_held_out_image_per_digit_and_mostly_recognised(model):
    samples = sample_inputs()
    assert [s["label"] for s in samples] == list(range(10))
    assert all(len(s["pixels"]) == 64 and 0 <= min(s["pixels"]) <= max(s["pixels"]) <= 16 for s in samples)
    predictions = predict(model, [s["pixels"] for s in samples])["predictions"]
    assert sum(p == s["label"] for p, s in zip(predictions, samples, strict=True)) >= 8


def test_forgetting_the_preprocessing_costs_accuracy_and_the_one_artifact_does_not(artifact, model):
    skew = training_serving_skew(model)
    accuracy = artifact.metadata["metrics"]["accuracy"]
    assert skew["forgotten_steps"] == ["standardise"]
    assert skew["one_artifact"] == skew["model_only_preprocessed"] == pytest.approx(accuracy, abs=1e-4)
    assert skew["model_only_forgot_preprocessing"] <= skew["one_artifact"] - 0.05


def test_concurrent_predictions_agree(model):
    pixels = [s["pixels"] for s in sample_inputs()]
    expected = predict(model, pixels)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: predict(model, pixels), range(32)))
    assert all(result == expected for result in results)


@pytest.mark.parametrize(
    "pixels",
    [
        [],
        "0" * 64,
        [0] * 63,
        [[0] * 64, [0] * 65],
        [0] * 63 + ["7"],
        [0] * 63 + [True],
        [0] * 63 + [float("nan")],
        [0] * 63 + [17],
        [0] * 63 + [-0.5],
        [[0] * 64] * 101,
    ],
)
def test_predict_rejects_bad_pixels_naming_the_field(model, pixels):
    with pytest.raises(InputError) as error:
        predict(model, pixels)
    assert error.value.field == "pixels"


def test_sample_inputs_rejects_a_bad_count():
    for count in (0, 11, "3", True):
        with pytest.raises(InputError) as error:
            sample_inputs(count)
        assert error.value.field == "count"
