"""Versions of the training pipeline's code: feature steps plus the model they feed.

A version builds ONE scikit-learn ``Pipeline`` holding the preprocessing and the model, so
the artifact that is trained is the artifact that serves (no training–serving skew).
Feature steps are stateless functions of the records they are given; fitted steps
(scaler, classifier) learn their parameters from the training data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from sklearn.discriminant_analysis import QuadraticDiscriminantAnalysis
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

from apps.demos.engines.mlops.digits import PIXEL_MAX
from apps.demos.engines.text import Text, gettext_noop

Step = Callable[[np.ndarray], np.ndarray]


def contrast_normalise(features: np.ndarray) -> np.ndarray:
    """Stretch each image so its brightest pixel is 16."""
    peak = np.maximum(features.max(axis=1, keepdims=True), 1.0)
    return features * (PIXEL_MAX / peak)


def contrast_normalise_batch_max(features: np.ndarray) -> np.ndarray:
    """The buggy v2 of ``contrast_normalise``: the maximum is taken over the batch (axis 0)
    instead of over each image, so a record's features depend on the other records. In
    batch evaluation this looks harmless; one request alone is turned into a silhouette."""
    peak = np.maximum(features.max(axis=0, keepdims=True), 1.0)
    return features * (PIXEL_MAX / peak)


@dataclass(frozen=True)
class PipelineCode:
    version: str
    summary: Text
    steps: tuple[Step, ...]
    classifier: str  # "logistic" | "qda"

    def build(self) -> Pipeline:
        layers: list[tuple[str, object]] = [(step.__name__, FunctionTransformer(step)) for step in self.steps]
        if self.classifier == "logistic":
            layers.append(("standardise", StandardScaler()))
            layers.append(("classify", LogisticRegression(C=0.1, solver="newton-cg", tol=1e-3)))
        else:
            # One Gaussian per digit; shrinking each covariance towards a scaled identity
            # keeps it invertible although border pixels hardly vary and few records exist.
            layers.append(("classify", QuadraticDiscriminantAnalysis(solver="eigen", shrinkage=0.3)))
        return Pipeline(layers)


BASELINE = PipelineCode("v1", Text(gettext_noop("standardise pixels, then logistic regression")), (), "logistic")
CODE_VERSIONS = {
    code.version: code
    for code in (
        BASELINE,
        PipelineCode(
            "v2",
            Text(gettext_noop("contrast normalisation (batch maximum: bug), then regularised QDA")),
            (contrast_normalise_batch_max,),
            "qda",
        ),
        PipelineCode(
            "v3",
            Text(gettext_noop("contrast normalisation per image, then regularised QDA")),
            (contrast_normalise,),
            "qda",
        ),
    )
}


def predict_requests(model: Pipeline, features: np.ndarray) -> np.ndarray:
    """Predictions as an online service makes them: one request at a time.

    Stateless feature steps see one record per call, as they do behind a prediction API;
    fitted steps are row-wise by construction, so running them on the stacked rows gives the
    same answers without a Python loop per record.
    """
    current = features
    for _, step in model.steps[:-1]:
        if isinstance(step, FunctionTransformer):
            current = np.vstack([step.func(row[None, :]) for row in current])
        else:
            current = step.transform(current)
    return model.steps[-1][1].predict(current)
