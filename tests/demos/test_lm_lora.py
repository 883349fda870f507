"""LoRA: parameter counts and merging (pure), and the trained comparison on the topic task (model)."""

import pytest
import torch
from torch import nn

from apps.demos.engines.errors import InputError
from apps.demos.engines.lm import LORA_SPEC, MLM_SPEC, lora_rank_result, lora_results_table
from apps.demos.engines.lm.finetune import (
    FULL,
    HEAD,
    LORA,
    TaskData,
    accuracy,
    build_classifier,
    merge_difference,
    trainable_state,
)
from apps.demos.engines.lm.lora import LoRALinear, add_lora, lora_parameter_count, merge_lora
from apps.demos.engines.lm.lora_results import load_adapted_classifier
from apps.demos.engines.lm.model import Encoder, EncoderConfig
from apps.demos.engines.lm.topic_task import task_split
from apps.demos.training import ensure_trained

RANKS = [1, 2, 4, 8, 16]


@pytest.mark.parametrize("rank", RANKS)
def test_lora_adds_exactly_r_times_d_plus_k_parameters(rank):
    layer = LoRALinear(nn.Linear(96, 128), rank, alpha=8)
    trainable = sum(p.numel() for p in layer.parameters() if p.requires_grad)
    assert trainable == lora_parameter_count(128, 96, rank) == rank * (128 + 96)
    assert not layer.base.weight.requires_grad and not layer.base.bias.requires_grad


def test_lora_starts_as_the_base_layer_and_merges_to_the_same_function():
    torch.manual_seed(0)
    layer = LoRALinear(nn.Linear(128, 128), rank=4, alpha=8)
    x = torch.randn(10, 128)
    assert torch.equal(layer(x), layer.base(x))  # B = 0
    with torch.no_grad():
        layer.lora_b.normal_(std=0.1)
    assert (layer(x) - layer.merged()(x)).abs().max() < 1e-5
    assert not torch.allclose(layer(x), layer.base(x))


def test_only_query_and_value_are_adapted_and_merging_restores_plain_layers():
    torch.manual_seed(0)
    encoder = Encoder(EncoderConfig(vocab_size=40, d_model=32, heads=2, d_ff=64, d_embed=32))
    encoder.requires_grad_(False)
    add_lora(encoder, rank=2, alpha=8)
    trainable = [name for name, p in encoder.named_parameters() if p.requires_grad]
    assert len(trainable) == 2 * 2 * 2  # layers x (query, value) x (A, B)
    assert all(".query." in n or ".value." in n for n in trainable)
    ids = torch.randint(5, 40, (3, 9))
    for p in trainable:
        if p.endswith("lora_b"):
            encoder.get_parameter(p).data.normal_(std=0.1)
    before = encoder(ids)
    merge_lora(encoder)
    assert not any(isinstance(m, LoRALinear) for m in encoder.modules())
    assert (encoder(ids) - before).abs().max() < 1e-5


def test_full_finetuning_trains_the_same_matrices_outright():
    encoder = Encoder(EncoderConfig(vocab_size=40, d_model=32, heads=2, d_ff=64, d_embed=32))
    full = build_classifier(encoder, 5, FULL, 0, 8, seed=0)
    head = build_classifier(encoder, 5, HEAD, 0, 8, seed=0)
    assert sum(p.numel() for p in trainable_state(full).values()) == 2 * 2 * 32 * 32 + 32 * 5 + 5
    assert set(trainable_state(head)) == {"head.weight", "head.bias"}
    assert torch.equal(full.head.weight, head.head.weight)  # same start for every method


@pytest.fixture(scope="module")
def mlm():
    return MLM_SPEC.load(ensure_trained(MLM_SPEC, echo=None).path)


@pytest.fixture(scope="module")
def lab():
    return LORA_SPEC.load(ensure_trained(LORA_SPEC, echo=None).path)


@pytest.fixture(scope="module")
def data(mlm):
    return TaskData.build(mlm.vocab, *task_split())


@pytest.mark.model
class TestTrainedLora:
    def test_every_rank_and_both_baselines_were_trained(self, lab):
        rows = lora_results_table(lab)["rows"]
        assert [(r["method"], r["rank"]) for r in rows] == [(HEAD, 0), *((LORA, r) for r in RANKS), (FULL, 0)]

    @pytest.mark.parametrize("rank", RANKS)
    def test_counts_and_merging_of_each_trained_adapter(self, lab, mlm, data, rank):
        result = lora_rank_result(lab, rank)
        d, k = result["per_matrix"]["d"], result["per_matrix"]["k"]
        assert result["per_matrix"]["lora"] == rank * (d + k)
        assert result["per_matrix"]["full"] == d * k
        head = lab.row(HEAD)["trainable_parameters"]
        assert result["trainable_parameters"] == result["adapted_matrices"] * rank * (d + k) + head
        assert result["adapter_bytes"] < result["model_bytes"] / 20
        classifier = load_adapted_classifier(mlm, lab, LORA, rank)
        assert sum(p.numel() for p in trainable_state(classifier).values()) == result["trainable_parameters"]
        # the saved adapter reproduces the reported accuracy, and W + (alpha/r) BA gives the same outputs
        assert accuracy(classifier, data.test_ids, data.test_labels) == pytest.approx(result["accuracy"], abs=1e-4)
        # exact identity, checked in float64; in float32 rounding alone moves logits by ~1e-6..1e-5
        assert merge_difference(classifier, data.test_ids) < 1e-5
        assert merge_difference(classifier, data.test_ids, torch.float32) < 1e-4
        with torch.inference_mode():
            adapter_path = classifier(data.test_ids)
            merge_lora(classifier.encoder)
            same_predictions = classifier(data.test_ids).argmax(dim=1) == adapter_path.argmax(dim=1)
        assert same_predictions.all()

    def test_rank_8_is_within_five_points_of_full_finetuning(self, lab):
        result = lora_rank_result(lab, 8)
        assert result["accuracy"] >= result["full_finetune_accuracy"] - 0.05
        assert result["accuracy"] > lab.results["task"]["majority_accuracy"] + 0.1

    @pytest.mark.parametrize("rank", [0, 3, 32, 65, "8", None])
    def test_untrained_or_invalid_ranks_are_rejected(self, lab, rank):
        with pytest.raises(InputError) as error:
            lora_rank_result(lab, rank)
        assert error.value.field == "rank"
