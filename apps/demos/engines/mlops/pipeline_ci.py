"""Continuous integration for the pipeline's code (level 2): its own tests, run on a change.

Each test takes a ``PipelineCode`` and returns None when it passes or a ``Text`` saying what
went wrong. The records are a handful of real digits plus edge cases (a blank and a saturated
image).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

import joblib
import numpy as np
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer

from apps.demos.engines.mlops.digits import N_CLASSES, N_FEATURES, PIXEL_MAX, digits
from apps.demos.engines.mlops.pipeline_code import PipelineCode
from apps.demos.engines.text import Text, gettext_noop

PER_CLASS = 3  # "a handful of records": three of each digit
MIN_FIT_ACCURACY = 0.9  # on the records trained on


@dataclass(frozen=True)
class CheckOutcome:
    name: str
    error: Text | str | None  # a crashing test's "ExceptionName: message" is shown as it is

    @property
    def passed(self) -> bool:
        return self.error is None


def _fixture() -> tuple[np.ndarray, np.ndarray]:
    images, labels = digits()
    picks = np.concatenate([np.flatnonzero(labels == d)[:PER_CLASS] for d in range(N_CLASSES)])
    return images[picks], labels[picks]


def _edge_cases() -> np.ndarray:
    images, _ = digits()
    return np.vstack([np.zeros(N_FEATURES), np.full(N_FEATURES, PIXEL_MAX), images[:3]])


def _feature_steps(model: Pipeline) -> list[FunctionTransformer]:
    return [step for _, step in model.steps if isinstance(step, FunctionTransformer)]


def feature_logic(code: PipelineCode) -> Text | None:
    """A record's features must not depend on the other records it is processed with:
    the service sees one request at a time."""
    records, _ = _fixture()
    together = alone = records
    for step in _feature_steps(code.build()):
        together = step.func(together)
        alone = np.vstack([step.func(row[None, :]) for row in alone])
    if together.shape != alone.shape:
        return Text(
            gettext_noop("features of one record have shape %(alone)s, in a batch %(batch)s"),
            {"alone": str(alone.shape[1:]), "batch": str(together.shape[1:])},
        )
    gap = np.abs(together - alone)
    if np.nanmax(gap, initial=0.0) > 1e-9:
        row = int(np.nanargmax(gap.max(axis=1)))
        return Text(
            gettext_noop("record %(row)s transformed alone differs from the same record in a batch by up to %(gap)s"),
            {"row": row, "gap": f"{np.nanmax(gap):.3g}"},
        )
    return None


def training_converges(code: PipelineCode) -> Text | None:
    """Training on a handful of records finishes and fits them."""
    records, labels = _fixture()
    model = code.build().fit(records, labels)
    accuracy = float((model.predict(records) == labels).mean())
    if accuracy < MIN_FIT_ACCURACY:
        return Text(
            gettext_noop("training accuracy on %(records)s records is %(accuracy)s (< %(minimum)s)"),
            {"records": len(labels), "accuracy": f"{accuracy:.0%}", "minimum": f"{MIN_FIT_ACCURACY:.0%}"},
        )
    return None


def no_nan_outputs(code: PipelineCode) -> Text | None:
    """Features and decision scores stay finite, blank and saturated images included."""
    records, labels = _fixture()
    model = code.build().fit(records, labels)
    for record in _edge_cases():
        features = record[None, :]
        for step in _feature_steps(model):
            features = step.func(features)
        if not np.isfinite(features).all():
            return Text(gettext_noop("feature steps produce NaN or inf for a single record"))
        if not np.isfinite(model.decision_function(record[None, :])).all():
            return Text(gettext_noop("decision scores are NaN or inf for a single record"))
    return None


def artifact_valid(code: PipelineCode) -> Text | None:
    """The trained pipeline survives a joblib round trip and answers with digit labels."""
    records, labels = _fixture()
    model = code.build().fit(records, labels)
    buffer = io.BytesIO()
    joblib.dump(model, buffer)
    buffer.seek(0)
    restored = joblib.load(buffer)
    predictions = restored.predict(records)
    if not np.array_equal(predictions, model.predict(records)):
        return Text(gettext_noop("the reloaded artifact predicts differently from the trained one"))
    if predictions.shape != labels.shape or not set(predictions.tolist()) <= set(range(N_CLASSES)):
        return Text(gettext_noop("predictions are not one digit label per record"))
    return None


PIPELINE_TESTS: tuple[Callable[[PipelineCode], Text | None], ...] = (
    feature_logic,
    training_converges,
    no_nan_outputs,
    artifact_valid,
)


def run_pipeline_tests(code: PipelineCode) -> list[CheckOutcome]:
    outcomes = []
    for test in PIPELINE_TESTS:
        try:
            error = test(code)
        except Exception as exc:  # a crashing test is a failing test
            error = f"{type(exc).__name__}: {exc}"
        outcomes.append(CheckOutcome(test.__name__, error))
    return outcomes
