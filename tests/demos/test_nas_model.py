"""NAS: the space, DARTS' relaxation and discretisation, and the searched cell against random ones."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from apps.demos.engines.nas import SPEC, run
from apps.demos.engines.nas.names import EDGES, OPERATION_NAMES, search_space_size
from apps.demos.engines.nas.search import discretise
from apps.demos.engines.nas.space import Cell
from apps.demos.training import ensure_trained


@pytest.fixture(scope="module")
def artifact():
    return ensure_trained(SPEC, echo=None)


def test_space_counts_edges_and_architectures():
    assert EDGES == ((0, 1), (0, 2), (1, 2), (0, 3), (1, 3), (2, 3))
    assert search_space_size() == len(OPERATION_NAMES) ** 6


def test_a_one_hot_mixture_is_the_discrete_cell():
    torch.manual_seed(0)
    mixed = Cell()
    genotype = ("zero", "linear_relu", "skip", "linear_tanh", "linear_sigmoid", "skip")
    discrete = Cell(genotype)
    discrete.stem.load_state_dict(mixed.stem.state_dict())
    discrete.classifier.load_state_dict(mixed.classifier.state_dict())
    for e, name in enumerate(genotype):
        discrete.edges[e][0].load_state_dict(mixed.edges[e][OPERATION_NAMES.index(name)].state_dict())
    weights = F.one_hot(torch.tensor([OPERATION_NAMES.index(n) for n in genotype]), len(OPERATION_NAMES)).float()
    x = torch.rand(5, 64)
    assert torch.allclose(mixed(x, weights), discrete(x))
    assert discretise(torch.log(weights + 1e-3)) == genotype


@pytest.mark.model
def test_alphas_are_a_distribution_per_edge_and_the_genotype_their_argmax(artifact):
    result = run(SPEC.load(artifact.path))
    assert len(result["alphas"]) == len(EDGES)
    for row, chosen in zip(result["alphas"], result["genotype"], strict=True):
        assert len(row) == len(OPERATION_NAMES) and min(row) > 0
        assert sum(row) == pytest.approx(1.0)
        assert OPERATION_NAMES[row.index(max(row))] == chosen
    # the search moved away from the uniform start
    assert max(max(row) for row in result["alphas"]) > 0.5


@pytest.mark.model
def test_searched_cell_is_as_accurate_as_random_cells(artifact):
    metrics = artifact.metadata["metrics"]
    assert metrics["darts_accuracy"] >= 0.95
    assert metrics["darts_accuracy"] >= metrics["random_cell_mean_accuracy"]
    assert metrics["darts_accuracy"] >= metrics["random_search_accuracy"] - 0.01
    result = run(SPEC.load(artifact.path), edge=3)
    assert result["evaluated_architectures"] == {"darts": 1, "random_search": 8}
    assert len(result["alpha_history"]) == 21 and result["alpha_history"][0] == pytest.approx([0.2] * 5)
