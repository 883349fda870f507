"""Fundamentals lab: over/underfitting, linear vs logistic regression and surrogates, perceptron vs MLP.

Public API (plain data in and out, each bad value an ``InputError`` naming its field):

* ``capacity.sweep(...)`` — polynomial degree as the capacity knob: train/validation error and regimes.
* ``digit_fitting.curves(results, ...)`` — tree depth / MLP width and epochs with remedies on load_digits
  (``fundamentals-fitting``).
* ``regression.compare(...)`` — linear vs logistic regression on one tumour measurement.
* ``surrogate.explain(lab, ...)`` — global and local surrogates of the ``fundamentals-blackbox`` MLP.
* ``perceptron.gates(...)`` — perceptron vs MLP on AND, OR and XOR, with one backpropagation step.
* ``stages`` — the five stages of deep learning measured on load_digits (``fundamentals-stages``).
"""

from apps.demos.engines.fundamentals import digit_fitting, stages, surrogate

TRAIN_SPECS = [digit_fitting.SPEC, surrogate.SPEC, stages.SPEC]

__all__ = ["TRAIN_SPECS"]
