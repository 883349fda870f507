"""Perceptron vs MLP on logic gates, and the hand-written backpropagation against autograd."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from apps.demos.engines.errors import InputError
from apps.demos.engines.fundamentals.perceptron import GATES, INPUTS, gates, gradients, init_mlp


@pytest.mark.model
@pytest.mark.parametrize("seed", range(10))
def test_perceptron_fails_xor_and_the_mlp_solves_it(seed):
    result = gates(seed=seed)
    assert result["perceptron_accuracy"]["xor"] <= 0.75
    assert not result["perceptron"]["converged"]
    assert result["perceptron"]["epochs"] == result["settings"]["perceptron_epochs"]
    assert result["mlp_accuracy"] == {"and": 1.0, "or": 1.0, "xor": 1.0}
    assert result["perceptron_accuracy"]["and"] == result["perceptron_accuracy"]["or"] == 1.0
    losses = [point["loss"] for point in result["mlp"]["losses"]]
    assert losses[-1] < 0.1 * result["mlp"]["first_step"]["loss"]


@pytest.mark.model
def test_perceptron_converges_on_the_separable_gates():
    for gate in ("and", "or"):
        run = gates(gate=gate)["perceptron"]
        assert run["converged"] and run["history"][-1]["mistakes"] == 0
        w, b = np.array(run["weights"]), run["bias"]
        assert ((INPUTS @ w + b > 0).astype(float) == GATES[gate]).all()


def test_backpropagation_matches_autograd():
    params = init_mlp(hidden=3, seed=4)
    targets = GATES["xor"]
    (loss,), grads = gradients(params, INPUTS, targets[None])
    grads = {name: value[0] for name, value in grads.items()}
    tensors = {name: torch.tensor(value[0], dtype=torch.float64, requires_grad=True) for name, value in params.items()}
    x = torch.tensor(INPUTS)
    p = torch.sigmoid(torch.tanh(x @ tensors["w1"] + tensors["b1"]) @ tensors["w2"] + tensors["b2"])
    reference = torch.nn.functional.binary_cross_entropy(p, torch.tensor(targets))
    reference.backward()
    assert loss == pytest.approx(reference.item(), abs=1e-9)
    for name, tensor in tensors.items():
        np.testing.assert_allclose(grads[name], tensor.grad.numpy(), atol=1e-10, err_msg=name)


def test_first_step_applies_the_shown_gradients():
    step = gates(learning_rate=0.5)["mlp"]["first_step"]
    before, after, grads = (np.array(step[k]["w1"]) for k in ("before", "after", "gradients"))
    np.testing.assert_allclose(after, before - 0.5 * grads, atol=2e-4)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"gate": "nand"}, "gate"),
        ({"hidden": 0}, "hidden"),
        ({"mlp_epochs": 2001}, "mlp_epochs"),
        ({"learning_rate": 0}, "learning_rate"),
        ({"perceptron_epochs": 2.5}, "perceptron_epochs"),
    ],
)
def test_bad_values_name_their_field(kwargs, field):
    with pytest.raises(InputError) as caught:
        gates(**kwargs)
    assert caught.value.field == field


def test_stepping_through_the_perceptron_replays_its_history():
    run = gates(gate="and")
    history = run["perceptron"]["history"]
    assert history[0]["epoch"] == 0 and history[0]["mistakes"] is None  # the initial weights
    assert len(history) == run["perceptron"]["epochs"] + 1
    for step, state in enumerate(history):
        shown = gates(gate="and", step=step)["shown"]
        assert shown == state
        w, b = np.array(state["weights"]), state["bias"]
        assert shown["predictions"] == (INPUTS @ w + b > 0).astype(int).tolist()
    # Past the epoch where it converged, the perceptron stays where it stopped.
    assert gates(gate="and", step=20)["shown"] == history[-1]
    with pytest.raises(InputError) as caught:
        gates(step=21)
    assert caught.value.field == "step"
