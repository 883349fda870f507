"""ELECTRA: corruption labels (pure) and the trained discriminator on held-out sentences (model)."""

import pytest
import torch

from apps.demos.engines.lm import ELECTRA_EXAMPLES, ELECTRA_SPEC, PAPER_DIFFERENCES, detect_replaced, learning_signal
from apps.demos.engines.lm.batching import content_mask, encode, pad
from apps.demos.engines.lm.corpus import split_sentences
from apps.demos.engines.lm.electra import Electra, corrupt, evaluate_detection, swap_one_word
from apps.demos.engines.lm.mlm import build_vocabulary
from apps.demos.engines.lm.model import EncoderConfig
from apps.demos.engines.lm.replaced_tokens import DISCRIMINATOR_FILE, GENERATOR_FILE
from apps.demos.training import ensure_trained


@pytest.fixture(scope="module")
def heldout_ids():
    train, heldout = split_sentences()
    vocab = build_vocabulary(train, 3000, 2)
    return vocab, pad([encode(vocab, s.tokens) for s in heldout])


def test_generator_shares_the_discriminators_token_embeddings():
    pair = Electra(EncoderConfig(vocab_size=50), EncoderConfig(vocab_size=50, d_model=64, heads=2, d_ff=128))
    assert pair.generator.encoder.embeddings is pair.discriminator.encoder.embeddings
    assert pair.generator.encoder.project_in.weight.shape == (64, 128)  # 128-wide embeddings in, 64 out


def test_a_sampled_original_counts_as_original(heldout_ids):
    vocab, ids = heldout_ids
    torch.manual_seed(0)
    pair = Electra(
        EncoderConfig(vocab_size=len(vocab), layers=1, d_ff=64),
        EncoderConfig(vocab_size=len(vocab), d_model=64, layers=1, heads=2, d_ff=64),
    )
    with torch.no_grad():
        corruption, _ = corrupt(pair.generator, ids, vocab, torch.Generator().manual_seed(0), random_share=0.5)
    assert torch.equal(corruption.replaced, corruption.corrupted != ids)
    assert not (corruption.replaced & ~corruption.selected).any()
    # with only 1,800 words some samples hit the original; those are labelled "original"
    same = corruption.selected & (corruption.corrupted == ids)
    assert not corruption.replaced[same].any()


def test_swap_changes_exactly_one_text_word_per_sentence(heldout_ids):
    vocab, ids = heldout_ids
    swapped, where = swap_one_word(ids, vocab, torch.Generator().manual_seed(0))
    assert torch.equal(where.sum(dim=1), torch.ones(len(ids), dtype=torch.long))
    assert not (where & ~content_mask(ids, vocab)).any()
    assert torch.equal(swapped != ids, where)


def test_paper_differences_are_explained_in_both_languages():
    assert set(PAPER_DIFFERENCES) == {"ko", "en"}
    assert "0.53" in PAPER_DIFFERENCES["en"] and "0.53" in PAPER_DIFFERENCES["ko"]


@pytest.fixture(scope="module")
def artifact():
    return ensure_trained(ELECTRA_SPEC, echo=None)


@pytest.fixture(scope="module")
def lab(artifact):
    return ELECTRA_SPEC.load(artifact.path)


@pytest.mark.model
class TestTrainedElectra:
    @pytest.mark.parametrize("seed", [1, 2, 3])
    def test_a_random_word_swapped_into_heldout_sentences_is_found(self, lab, seed):
        _, heldout = split_sentences()
        scores = evaluate_detection(lab.discriminator, lab.vocab, heldout, seed=seed)
        assert scores.swap_roc_auc >= 0.80
        assert scores.swap_top1 >= 0.35
        assert scores.clean_flagged <= 0.10

    def test_generator_is_a_separate_file_from_the_discriminator(self, artifact):
        assert (artifact.path / DISCRIMINATOR_FILE).is_file()
        generator_bytes = (artifact.path / GENERATOR_FILE).stat().st_size
        assert generator_bytes < (artifact.path / DISCRIMINATOR_FILE).stat().st_size / 2  # no embeddings

    def test_learning_signal_is_measured_from_the_training_masks(self, lab):
        signal = learning_signal(lab)
        assert abs(signal["mlm"]["fraction"] - 0.15) < 0.01
        assert signal["discriminator"]["fraction"] == 1.0
        assert signal["discriminator"]["positions_per_batch"] > 6 * signal["mlm"]["positions_per_batch"]

    def test_clean_example_sentences_are_not_flagged(self, lab):
        for text in ELECTRA_EXAMPLES:
            result = detect_replaced(lab, text)
            assert max(result["replaced_probability"]) < 0.5, (text, result)

    def test_generator_corruption_is_reproducible_and_labelled(self, lab):
        text = ELECTRA_EXAMPLES[0]
        result = detect_replaced(lab, text, corrupt=True, seed=5)
        assert result == detect_replaced(lab, text, corrupt=True, seed=5)
        assert result["replaced"] == [a != b for a, b in zip(result["tokens"], result["corrupted_tokens"], strict=True)]
