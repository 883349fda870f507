"""The cam-gap / cam-fc artifacts: held-out accuracy, gate, determinism, metadata."""

from __future__ import annotations

import pytest
import torch

from apps.demos.engines.cam import FC_SPEC, GAP_SPEC, TRAIN_SPECS
from apps.demos.engines.cam.data import SIZE, generate
from apps.demos.engines.cam.network import CamNet
from apps.demos.engines.cam.trainer import MIN_ACCURACY, accuracy, fit, gate, recipe
from apps.demos.engines.spec import no_progress
from apps.demos.training import ensure_trained

FRESH_SEED = 103  # neither the training (1) nor the gate's (2) images


def test_specs_are_named_and_gated():
    assert [(s.name, s.demo) for s in TRAIN_SPECS] == [("cam-gap", "cam"), ("cam-fc", "cam")]
    assert gate({"metrics": {"accuracy": 0.969}}) is not None
    assert gate({"metrics": {"accuracy": 0.97}}) is None
    assert gate({}) is not None


@pytest.mark.model
@pytest.mark.parametrize("spec", [GAP_SPEC, FC_SPEC], ids=lambda s: s.name)
def test_accuracy_on_fresh_held_out_images(spec):
    artifact = ensure_trained(spec, echo=None)
    model = spec.load(artifact.path)
    acc, per_class = accuracy(model, generate(1000, FRESH_SEED, "heldout"))
    assert acc >= MIN_ACCURACY
    assert min(per_class) >= 0.9
    meta = artifact.metadata
    assert meta["metrics"]["accuracy"] >= MIN_ACCURACY
    assert len(meta["data"]["sha256"]) == 64 and meta["data"]["recipe"]["train_seed"] == 1
    assert {"seed", "libraries", "train_seconds"} <= meta.keys()
    assert meta["metrics"]["train_cpu_seconds"] > 0


@pytest.mark.model
def test_training_is_deterministic():
    short = {**recipe("fc"), "steps": 12, "data": {**recipe("fc")["data"], "train_images": 256}}
    first, first_facts = fit(short, no_progress)
    second, second_facts = fit(short, no_progress)
    assert first_facts == second_facts
    for (name, a), (_, b) in zip(first.state_dict().items(), second.state_dict().items(), strict=True):
        assert torch.equal(a, b), name


@pytest.mark.parametrize("head", ["gap", "fc"])
def test_folding_batch_norm_keeps_the_function(head):
    torch.manual_seed(0)
    model = CamNet(head, batch_norm=True)
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, torch.nn.BatchNorm2d):
                module.weight.uniform_(0.5, 2.0)
                module.bias.uniform_(-0.5, 0.5)
        model(torch.rand(64, 1, SIZE, SIZE))  # train mode: gathers running statistics
    model.eval()
    folded = model.fold_batch_norm()
    assert not any(isinstance(m, torch.nn.BatchNorm2d) for m in folded.modules())
    x = torch.rand(8, 1, SIZE, SIZE)
    with torch.no_grad():
        assert torch.allclose(model(x), folded(x), atol=1e-4)
        assert torch.allclose(model.features(x), folded.features(x), atol=1e-4)
