"""Fundamentals lab: over/underfitting, linear vs logistic regression and surrogates, perceptron vs
MLP, and the five stages of deep learning, all on generated data or scikit-learn's bundled sets.

Modules (plain data in and out, each bad value an ``InputError`` naming its field):

* ``capacity.sweep(...)`` — polynomial degree as the capacity knob: train/validation error and regimes.
* ``digit_fitting.curves(results, ...)`` — tree depth / MLP width and epochs with remedies on load_digits
  (artifact ``fundamentals-fitting``).
* ``regression.compare(...)`` — linear vs logistic regression on one tumour measurement.
* ``surrogate.explain(lab, ...)`` — global and local surrogates of the ``fundamentals-blackbox`` MLP.
* ``perceptron.gates(...)`` — perceptron vs MLP on AND, OR and XOR, with one backpropagation step.
* ``stages`` — the five stages measured on load_digits (artifact ``fundamentals-stages``).

``TRAIN_SPECS`` (in ``specs``, importing torch) is loaded on first use; ``names`` is torch-free.
"""

from apps.demos.engines.lazy import export_lazily

__all__ = export_lazily(__name__, {"TRAIN_SPECS": ("specs", "TRAIN_SPECS")})
