"""A single-layer perceptron vs a one-hidden-layer MLP on the AND, OR and XOR gates.

Both are trained here, in plain NumPy so every number on the page is visible: the perceptron
with Rosenblatt's rule (w ← w + η(t − ŷ)x, the bias as a weight on a constant 1), the MLP with
backpropagation written out (tanh hidden layer, sigmoid output, binary cross-entropy, full-batch
gradient descent). XOR is not linearly separable, so no line — and no perceptron — gets more
than 3 of its 4 points right; the hidden layer bends the boundary and solves it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from apps.demos.engines.errors import number, one_of, whole_number
from apps.demos.engines.fundamentals.names import GATE_NAMES

INPUTS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
TRUTH_TABLES = {"and": (0, 0, 0, 1), "or": (0, 1, 1, 1), "xor": (0, 1, 1, 0)}
GATES: dict[str, np.ndarray] = {name: np.array(TRUTH_TABLES[name], dtype=float) for name in GATE_NAMES}
LIMITS = {
    "perceptron_epochs": (1, 100),
    "mlp_epochs": (1, 3000),
    "hidden": (1, 8),
    "learning_rate": (0.001, 10.0),
    "seed": (0, 2**31 - 1),
}
DEFAULTS = {"gate": "xor", "perceptron_epochs": 20, "mlp_epochs": 500, "hidden": 4, "learning_rate": 1.0, "seed": 0}
GRID = 21  # the decision region is drawn on a GRID × GRID lattice over [-0.25, 1.25]²


def _grid() -> np.ndarray:
    axis = np.linspace(-0.25, 1.25, GRID)
    xx, yy = np.meshgrid(axis, axis)
    return np.column_stack([xx.ravel(), yy.ravel()])


def train_perceptron(targets: np.ndarray, epochs: int, seed: int) -> dict[str, Any]:
    """Rosenblatt's rule, one sample at a time, stopping after an epoch without mistakes."""
    rng = np.random.default_rng(seed)
    w, b = rng.normal(0.0, 0.1, 2), 0.0
    history = []
    for epoch in range(1, epochs + 1):
        mistakes = 0
        for x, t in zip(INPUTS, targets, strict=True):
            error = t - float(w @ x + b > 0)
            if error:
                mistakes += 1
                w, b = w + error * x, b + error
        predicted = (INPUTS @ w + b > 0).astype(float)
        history.append(
            {
                "epoch": epoch,
                "weights": np.round(w, 4).tolist(),
                "bias": round(b, 4),
                "mistakes": mistakes,
                "accuracy": float((predicted == targets).mean()),
            }
        )
        if mistakes == 0:
            break
    predicted = (INPUTS @ w + b > 0).astype(int)
    return {
        "accuracy": float((predicted == targets).mean()),
        "predictions": predicted.tolist(),
        "weights": np.round(w, 4).tolist(),
        "bias": round(b, 4),
        "epochs": len(history),
        "converged": history[-1]["mistakes"] == 0,
        "history": history,
    }


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def forward(params: dict[str, np.ndarray], x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Hidden activations (n, hidden) and output probabilities (n,)."""
    hidden = np.tanh(x @ params["w1"] + params["b1"])
    return hidden, _sigmoid(hidden @ params["w2"] + params["b2"])


def gradients(params: dict[str, np.ndarray], x: np.ndarray, t: np.ndarray) -> tuple[float, dict[str, np.ndarray]]:
    """Mean binary cross-entropy and its gradients, by the chain rule from the output back."""
    hidden, p = forward(params, x)
    eps = 1e-12
    loss = float(-np.mean(t * np.log(p + eps) + (1 - t) * np.log(1 - p + eps)))
    d_out = (p - t) / len(t)  # ∂loss/∂(output pre-activation): sigmoid + cross-entropy simplify to p − t
    d_hidden = np.outer(d_out, params["w2"]) * (1.0 - hidden**2)  # back through w2, then tanh′ = 1 − tanh²
    return loss, {
        "w2": hidden.T @ d_out,
        "b2": np.array(d_out.sum()),
        "w1": x.T @ d_hidden,
        "b1": d_hidden.sum(axis=0),
    }


def init_mlp(hidden: int, seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {
        "w1": rng.normal(0.0, 1.0, (2, hidden)),
        "b1": rng.normal(0.0, 0.5, hidden),
        "w2": rng.normal(0.0, 1.0, hidden),
        "b2": np.array(0.0),
    }


def _rounded(values: dict[str, np.ndarray]) -> dict[str, Any]:
    return {name: np.round(value, 4).tolist() for name, value in values.items()}


def train_mlp(targets: np.ndarray, hidden: int, epochs: int, learning_rate: float, seed: int) -> dict[str, Any]:
    params = init_mlp(hidden, seed)
    first_step = None
    losses = []
    every = max(1, epochs // 50)
    for epoch in range(1, epochs + 1):
        loss, grads = gradients(params, INPUTS, targets)
        if first_step is None:
            hidden_values, output = forward(params, INPUTS)
            first_step = {
                "before": _rounded(params),
                "hidden": np.round(hidden_values, 4).tolist(),
                "output": np.round(output, 4).tolist(),
                "loss": round(loss, 5),
                "gradients": _rounded(grads),
            }
        params = {name: params[name] - learning_rate * grads[name] for name in params}
        if epoch == 1:
            first_step["after"] = _rounded(params)
        if epoch % every == 0 or epoch == epochs:
            losses.append({"epoch": epoch, "loss": round(loss, 5)})
    _, p = forward(params, INPUTS)
    predicted = (p > 0.5).astype(int)
    _, region = forward(params, _grid())
    return {
        "accuracy": float((predicted == targets).mean()),
        "predictions": predicted.tolist(),
        "probabilities": np.round(p, 4).tolist(),
        "parameters": _rounded(params),
        "first_step": first_step,
        "losses": losses,
        "region": (region > 0.5).astype(int).reshape(GRID, GRID).tolist(),
    }


def gates(
    gate: str = DEFAULTS["gate"],
    perceptron_epochs: int = DEFAULTS["perceptron_epochs"],
    mlp_epochs: int = DEFAULTS["mlp_epochs"],
    hidden: int = DEFAULTS["hidden"],
    learning_rate: float = DEFAULTS["learning_rate"],
    seed: int = DEFAULTS["seed"],
) -> dict[str, Any]:
    """Both models trained on all three gates; full detail (history, first backprop step) for ``gate``."""
    gate = one_of("gate", gate, tuple(GATES))
    perceptron_epochs = whole_number("perceptron_epochs", perceptron_epochs, *LIMITS["perceptron_epochs"])
    mlp_epochs = whole_number("mlp_epochs", mlp_epochs, *LIMITS["mlp_epochs"])
    hidden = whole_number("hidden", hidden, *LIMITS["hidden"])
    learning_rate = number("learning_rate", learning_rate, *LIMITS["learning_rate"])
    seed = whole_number("seed", seed, *LIMITS["seed"])
    perceptrons = {name: train_perceptron(t, perceptron_epochs, seed) for name, t in GATES.items()}
    mlps = {name: train_mlp(t, hidden, mlp_epochs, learning_rate, seed) for name, t in GATES.items()}
    return {
        "gate": gate,
        "settings": {
            "perceptron_epochs": perceptron_epochs,
            "mlp_epochs": mlp_epochs,
            "hidden": hidden,
            "learning_rate": learning_rate,
            "seed": seed,
        },
        "inputs": INPUTS.astype(int).tolist(),
        "targets": {name: t.astype(int).tolist() for name, t in GATES.items()},
        "perceptron_accuracy": {name: r["accuracy"] for name, r in perceptrons.items()},
        "mlp_accuracy": {name: r["accuracy"] for name, r in mlps.items()},
        "epochs": {"perceptron": {name: r["epochs"] for name, r in perceptrons.items()}, "mlp": mlp_epochs},
        "perceptron": perceptrons[gate],
        "mlp": mlps[gate],
    }
