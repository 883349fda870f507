"""MLOps lab building blocks: data validation, the promotion gate, pipeline CI, keywords, inputs."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import ks_2samp

from apps.demos.engines.errors import InputError
from apps.demos.engines.mlops import EVENT_TYPES, event_keywords, simulate
from apps.demos.engines.mlops.data_validation import (
    FAMILY_ALPHA,
    _ks_statistics,
    schema_problems,
    value_skew,
)
from apps.demos.engines.mlops.digits import PIXEL_MAX, augment, digits
from apps.demos.engines.mlops.model_validation import CLASS_MARGIN, evaluate, promotion_gate
from apps.demos.engines.mlops.pipeline_ci import run_pipeline_tests
from apps.demos.engines.mlops.pipeline_code import CODE_VERSIONS, contrast_normalise_batch_max
from apps.demos.engines.mlops.stream import ProductionStream
from apps.demos.engines.text import Text, render


def metrics(accuracy: float, per_class: list[float | None], records: int = 20) -> dict:
    return {
        "accuracy": accuracy,
        "per_class": per_class,
        "class_records": [records if p is not None else 0 for p in per_class],
        "records": records * 10,
    }


# -- promotion gate ------------------------------------------------------------------------


def test_gate_accepts_a_candidate_better_overall_and_on_every_class():
    production = metrics(0.90, [0.9] * 10)
    candidate = metrics(0.93, [0.93] * 10)
    assert promotion_gate(candidate, production) is None


def test_gate_rejects_a_candidate_that_does_not_beat_production_overall():
    production = metrics(0.93, [0.93] * 10)
    assert "does not beat" in str(promotion_gate(metrics(0.93, [0.93] * 10), production))
    assert "does not beat" in str(promotion_gate(metrics(0.91, [0.99] * 10), production))


def test_gate_rejects_a_better_model_that_is_worse_on_one_digit_beyond_the_margin():
    production = metrics(0.90, [0.9] * 10)
    per_class = [0.97] * 10
    per_class[8] = 0.9 - CLASS_MARGIN - 0.05
    reason = promotion_gate(metrics(0.95, per_class), production)
    assert reason is not None and "digit 8" in str(reason) and "digit 7" not in str(reason)


def test_gate_tolerates_a_drop_within_the_margin_and_classes_with_too_few_records():
    production = metrics(0.90, [0.9] * 10)
    per_class = [0.95] * 10
    per_class[3] = 0.9 - CLASS_MARGIN  # exactly the margin: allowed
    assert promotion_gate(metrics(0.95, per_class), production) is None
    per_class[3] = 0.5
    few = metrics(0.95, per_class, records=6)  # six records of each digit: not judged
    assert promotion_gate(few, production) is None


def test_evaluate_reports_recall_per_digit_and_none_for_an_absent_digit():
    labels = np.array([0, 0, 1, 1, 1, 2])
    predictions = np.array([0, 1, 1, 1, 2, 2])
    result = evaluate(labels, predictions)
    assert result["accuracy"] == pytest.approx(4 / 6, abs=1e-4)
    assert result["per_class"][:3] == [0.5, pytest.approx(2 / 3, abs=1e-4), 1.0]
    assert result["per_class"][3] is None
    assert result["class_records"][:4] == [2, 3, 1, 0]


# -- data validation -------------------------------------------------------------------------


def test_schema_check_names_a_missing_feature_and_out_of_range_values():
    images, _ = digits()
    batch = images[:50].copy()
    assert schema_problems(batch) == []
    batch[:, 36] = np.nan
    batch[0, 5] = 255.0
    problems = [str(p) for p in schema_problems(batch)]
    assert any("px_4_4 missing in 100%" in p for p in problems)
    assert any("outside 0-16" in p and "255" in p for p in problems)
    assert str(schema_problems(images[:5, :63])[0]).startswith("expected 64 features")
    assert any("non-integer" in str(p) for p in schema_problems(images[:5] + 0.5))


def test_ks_statistics_equal_scipy_for_every_feature():
    images, _ = digits()
    rng = np.random.default_rng(3)
    reference, batch = augment(images[:600], rng), augment(images[600:800], rng)
    batch[:, 10] = np.clip(batch[:, 10] + 3, 0, PIXEL_MAX)
    ours = _ks_statistics(reference, batch)
    scipy = [ks_2samp(reference[:, j], batch[:, j]).statistic for j in range(64)]
    np.testing.assert_allclose(ours, scipy, atol=1e-12)


def test_value_skew_flags_the_same_features_as_testing_each_one_with_scipy():
    stream = ProductionStream("value_skew", 30, seed=4)
    reference, _ = stream.pool()
    for day in (1, stream.onset):
        batch = stream.batch(day).features
        report = value_skew(reference, batch)
        tested = [j for j in range(64) if np.ptp(np.r_[reference[:, j], batch[:, j]]) > 0]
        brute = {
            f"px_{j // 8}_{j % 8}"
            for j in tested
            if ks_2samp(reference[:, j], batch[:, j], method="asymp").pvalue < FAMILY_ALPHA / len(tested)
        }
        assert report.tested == len(tested)
        assert {name for name, _ in report.shifted} == brute
    assert not value_skew(reference, stream.batch(1).features).detected
    assert report.detected and len(report.shifted) > 30


def test_value_skew_skips_features_constant_in_both_samples():
    rng = np.random.default_rng(0)
    reference = rng.integers(0, 17, size=(300, 64)).astype(float)
    batch = rng.integers(0, 17, size=(200, 64)).astype(float)
    reference[:, :5] = 0.0
    batch[:, :5] = 0.0
    batch[:, 5] = 16.0  # constant in the batch only: informative, and shifted
    report = value_skew(reference, batch)
    assert report.tested == 59
    assert [name for name, _ in report.shifted] == ["px_0_5"]


# -- pipeline CI -----------------------------------------------------------------------------


def test_pipeline_tests_block_the_batch_dependent_feature_and_pass_the_good_versions():
    outcomes = {code: run_pipeline_tests(CODE_VERSIONS[code]) for code in ("v1", "v2", "v3")}
    assert all(o.passed for o in outcomes["v1"]) and all(o.passed for o in outcomes["v3"])
    failed = [o for o in outcomes["v2"] if not o.passed]
    assert [o.name for o in failed] == ["feature_logic"]
    assert "alone differs" in str(failed[0].error)


def test_the_buggy_step_turns_a_single_record_into_a_silhouette():
    images, _ = digits()
    alone = contrast_normalise_batch_max(images[:1])
    assert set(np.unique(alone)) <= {0.0, PIXEL_MAX}
    assert not np.array_equal(alone, contrast_normalise_batch_max(images[:50])[:1])


# -- text ------------------------------------------------------------------------------------


def test_render_translates_templates_not_raw_values_and_joins_a_tuple():
    text = Text("runs %(runs)s on %(day)s", {"runs": (Text("a %(v)s", {"v": "v2"}), Text("b")), "day": 5})
    assert render(text) == str(text) == "runs a v2; b on 5"
    catalogue = {"runs %(runs)s on %(day)s": "on %(day)s: %(runs)s", "a %(v)s": "A %(v)s", "b": "B"}
    assert render(text, catalogue.__getitem__) == "on 5: A v2; B"  # raw "v2" and 5 are never looked up


# -- keywords and inputs ---------------------------------------------------------------------


def test_every_event_type_maps_to_korean_and_english_keywords():
    for event_type in EVENT_TYPES:
        keywords = event_keywords(event_type)
        assert keywords["ko"] and keywords["en"]
    assert "스키마 편향(schema skew)" in event_keywords("schema_skew_stopped")["ko"]
    with pytest.raises(InputError) as error:
        event_keywords("drift")
    assert error.value.field == "event_type"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"level": 3}, "level"),
        ({"level": True}, "level"),
        ({"level": "1"}, "level"),
        ({"scenario": "concept_drift"}, "scenario"),
        ({"days": 0}, "days"),
        ({"days": 61}, "days"),
        ({"days": 10.0}, "days"),
        ({"seed": -1}, "seed"),
        ({"seed": None}, "seed"),
    ],
)
def test_simulate_rejects_bad_input_naming_the_field(kwargs, field):
    arguments = {"level": 1, "scenario": "none", "days": 10, "seed": 0, **kwargs}
    with pytest.raises(InputError) as error:
        simulate(**arguments)
    assert error.value.field == field
