"""The word2vec lab's vectors (seed 0, as train_demos trains them): topic groups cluster, held-out
analogies come out right for both architectures, one-hot vectors are orthogonal."""

from __future__ import annotations

import numpy as np
import pytest

from apps.demos.engines import embeddings
from apps.demos.engines.embeddings import corpus
from apps.demos.engines.embeddings.space import ARCHITECTURES, analogy_accuracy, cosine_matrix, group_margin, one_hot
from apps.demos.engines.errors import InputError
from apps.demos.training import ensure_trained

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def space():
    return embeddings.SPEC.load(ensure_trained(embeddings.SPEC, echo=None).path)


@pytest.mark.parametrize("architecture", ARCHITECTURES)
def test_topic_groups_rank_their_own_words_first(space, architecture):
    found = group_margin(space, architecture)
    assert found["precision"] >= 0.95, found
    assert found["within"] - found["across"] >= 0.3, found


@pytest.mark.parametrize("architecture", ARCHITECTURES)
def test_held_out_analogies_come_out_right(space, architecture):
    held_out = [p for p in corpus.probes() if p.held_out]
    assert len(held_out) >= 300 and {p.relation for p in held_out} == {"gender", "capital", "tense"}
    assert analogy_accuracy(space, architecture, held_out) >= 0.8


def test_the_textbook_analogy_ranks_queen_first_by_a_margin(space):
    for architecture in ARCHITECTURES:
        (first, cosine), (_, runner_up) = space.analogy(architecture, "king", "man", "woman", 2)
        assert first == "queen" and cosine - runner_up >= 0.1


def test_one_hot_vectors_are_orthogonal_and_dense_ones_are_not(space):
    words = ["king", "queen", "man", "woman", "apple", "bus"]
    assert np.array_equal(cosine_matrix(one_hot(words, space.words)), np.eye(len(words)))
    dense = space.similarity_matrix("skipgram", words)
    assert dense[0, 1] > 0.4 and dense[0, 1] > dense[0, 4] + 0.2  # king is nearer queen than apple


def test_probes_are_held_out_by_their_answers_pair():
    probes = corpus.probes()
    assert embeddings.corpus.Probe("king", "man", "woman", "queen", "gender", False) in probes
    held = {p.answer for p in probes if p.held_out}
    assert "brother" in held and "queen" not in held


def test_generated_text_is_the_same_for_the_same_seed():
    assert corpus.sentences(50, 0) == corpus.sentences(50, 0) != corpus.sentences(50, 1)


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("word", {"query": ""}),
        ("word", {"query": "x" * 31}),
        ("word", {"query": "two words"}),
        ("word", {"query": "xylophone"}),
        ("c", {"c": "king"}),
        ("words", {"compared": "king"}),
        ("words", {"compared": "a b c d e f g"}),
        ("split", {"split": "two words"}),
        ("split", {"split": ""}),
    ],
)
def test_bad_words_name_their_field(space, field, kwargs):
    arguments = {
        "query": "king",
        "a": "king",
        "b": "man",
        "c": "woman",
        "compared": "king queen",
        "split": "x",
    } | kwargs
    with pytest.raises(InputError) as raised:
        embeddings.explore(space, **arguments)
    assert raised.value.field == field


def test_a_word_word2vec_never_saw_still_splits_into_known_pieces(space):
    found = embeddings.explore(space, "king", "king", "man", "woman", "king queen", "Xylophone")["split"]
    assert found["word"] == "xylophone" and not found["in_word2vec"]
    assert len(found["pieces"]) >= 2 and "[UNK]" not in found["pieces"]
    assert "".join(p.removeprefix("##") for p in found["pieces"]) == "xylophone"
