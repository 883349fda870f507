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
    "mlp_epochs": (1, 2000),
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
    history = [_state(0, w, b, None, targets)]  # epoch 0: the initial weights
    for epoch in range(1, epochs + 1):
        mistakes = 0
        for x, t in zip(INPUTS, targets, strict=True):
            error = t - float(w @ x + b > 0)
            if error:
                mistakes += 1
                w, b = w + error * x, b + error
        history.append(_state(epoch, w, b, mistakes, targets))
        if mistakes == 0:
            break
    predicted = (INPUTS @ w + b > 0).astype(int)
    return {
        "accuracy": float((predicted == targets).mean()),
        "predictions": predicted.tolist(),
        "weights": np.round(w, 4).tolist(),
        "bias": round(b, 4),
        "epochs": len(history) - 1,
        "converged": history[-1]["mistakes"] == 0,
        "history": history,
    }


def _state(epoch: int, w: np.ndarray, b: float, mistakes: int | None, targets: np.ndarray) -> dict[str, Any]:
    """The perceptron after ``epoch`` epochs: weights, bias, answers and accuracy on the four inputs."""
    predicted = (INPUTS @ w + b > 0).astype(int)
    return {
        "epoch": epoch,
        "weights": np.round(w, 4).tolist(),
        "bias": round(float(b), 4),
        "mistakes": mistakes,
        "predictions": predicted.tolist(),
        "accuracy": float((predicted == targets).mean()),
    }


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def forward(params: dict[str, np.ndarray], x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Hidden activations (gates, n, hidden) and output probabilities (gates, n). Every array in
    ``params`` has a leading axis of one MLP per gate, so the three gates train in one pass."""
    hidden = np.tanh(np.einsum("ni,gih->gnh", x, params["w1"]) + params["b1"][:, None, :])
    return hidden, _sigmoid(np.einsum("gnh,gh->gn", hidden, params["w2"]) + params["b2"][:, None])


def gradients(params: dict[str, np.ndarray], x: np.ndarray, t: np.ndarray) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Each MLP's mean binary cross-entropy on targets ``t`` (gates, n) and its gradients, by the
    chain rule from the output back."""
    hidden, p = forward(params, x)
    eps = 1e-12
    loss = -np.mean(t * np.log(p + eps) + (1 - t) * np.log(1 - p + eps), axis=1)
    d_out = (p - t) / t.shape[1]  # ∂loss/∂(output pre-activation): sigmoid + cross-entropy simplify to p − t
    # back through w2, then tanh′ = 1 − tanh²
    d_hidden = d_out[:, :, None] * params["w2"][:, None, :] * (1.0 - hidden**2)
    return loss, {
        "w2": np.einsum("gnh,gn->gh", hidden, d_out),
        "b2": d_out.sum(axis=1),
        "w1": np.einsum("ni,gnh->gih", x, d_hidden),
        "b1": d_hidden.sum(axis=1),
    }


def init_mlp(hidden: int, seed: int, copies: int = 1) -> dict[str, np.ndarray]:
    """The same initial weights for each of ``copies`` MLPs (one per gate)."""
    rng = np.random.default_rng(seed)
    one = {
        "w1": rng.normal(0.0, 1.0, (2, hidden)),
        "b1": rng.normal(0.0, 0.5, hidden),
        "w2": rng.normal(0.0, 1.0, hidden),
        "b2": np.array(0.0),
    }
    return {name: np.repeat(value[None], copies, axis=0) for name, value in one.items()}


def _rounded(values: dict[str, np.ndarray], gate: int) -> dict[str, Any]:
    return {name: np.round(value[gate], 4).tolist() for name, value in values.items()}


def train_mlps(targets: np.ndarray, hidden: int, epochs: int, learning_rate: float, seed: int) -> list[dict[str, Any]]:
    """One MLP per row of ``targets`` (gates, 4), trained side by side by full-batch gradient descent."""
    params = init_mlp(hidden, seed, len(targets))
    every = max(1, epochs // 50)
    losses = []
    for epoch in range(1, epochs + 1):
        loss, grads = gradients(params, INPUTS, targets)
        if epoch == 1:
            hidden_values, output = forward(params, INPUTS)
            before, first_loss, first_grads = params, loss, grads
        params = {name: params[name] - learning_rate * grads[name] for name in params}
        if epoch == 1:
            after = params
        if epoch % every == 0 or epoch == epochs:
            losses.append((epoch, loss))
    _, p = forward(params, INPUTS)
    predicted = (p > 0.5).astype(int)
    _, region = forward(params, _grid())
    return [
        {
            "accuracy": float((predicted[g] == targets[g]).mean()),
            "predictions": predicted[g].tolist(),
            "probabilities": np.round(p[g], 4).tolist(),
            "parameters": _rounded(params, g),
            "first_step": {
                "before": _rounded(before, g),
                "hidden": np.round(hidden_values[g], 4).tolist(),
                "output": np.round(output[g], 4).tolist(),
                "loss": round(float(first_loss[g]), 5),
                "gradients": _rounded(first_grads, g),
                "after": _rounded(after, g),
            },
            "losses": [{"epoch": epoch, "loss": round(float(loss[g]), 5)} for epoch, loss in losses],
            "region": (region[g] > 0.5).astype(int).reshape(GRID, GRID).tolist(),
        }
        for g in range(len(targets))
    ]


def gates(
    gate: str = DEFAULTS["gate"],
    perceptron_epochs: int = DEFAULTS["perceptron_epochs"],
    mlp_epochs: int = DEFAULTS["mlp_epochs"],
    hidden: int = DEFAULTS["hidden"],
    learning_rate: float = DEFAULTS["learning_rate"],
    seed: int = DEFAULTS["seed"],
    step: int | None = None,
) -> dict[str, Any]:
    """Both models trained on all three gates; full detail (history, first backprop step) for ``gate``,
    and the perceptron as it stood after epoch ``step`` (default: the last; a step past the point
    where it stopped shows where it stopped)."""
    gate = one_of("gate", gate, tuple(GATES))
    perceptron_epochs = whole_number("perceptron_epochs", perceptron_epochs, *LIMITS["perceptron_epochs"])
    mlp_epochs = whole_number("mlp_epochs", mlp_epochs, *LIMITS["mlp_epochs"])
    hidden = whole_number("hidden", hidden, *LIMITS["hidden"])
    learning_rate = number("learning_rate", learning_rate, *LIMITS["learning_rate"])
    seed = whole_number("seed", seed, *LIMITS["seed"])
    if step is not None:
        step = whole_number("step", step, 0, perceptron_epochs)
    perceptrons = {name: train_perceptron(t, perceptron_epochs, seed) for name, t in GATES.items()}
    trained = train_mlps(np.stack(list(GATES.values())), hidden, mlp_epochs, learning_rate, seed)
    mlps = dict(zip(GATES, trained, strict=True))
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
        "shown": perceptrons[gate]["history"][
            min(len(perceptrons[gate]["history"]) - 1, perceptron_epochs if step is None else step)
        ],
        "mlp": mlps[gate],
    }
