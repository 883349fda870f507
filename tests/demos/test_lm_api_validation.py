"""Bad input to the public API raises InputError naming the field (tiny untrained models)."""

import pytest
import torch

from apps.demos.engines.errors import InputError
from apps.demos.engines.lm import detect_replaced, fill_mask
from apps.demos.engines.lm.electra import Electra
from apps.demos.engines.lm.fill_mask import FillMaskModel
from apps.demos.engines.lm.model import EncoderConfig, MaskedLM
from apps.demos.engines.lm.replaced_tokens import ReplacedTokenModel
from apps.demos.engines.lm.subwords import PREFIX, train_vocabulary
from apps.demos.engines.lm.tokenizer import SPECIAL_TOKENS, UNK

WORDS = ["the", "statement", "is", "used", "for", "execution", "."]


@pytest.fixture(scope="module")
def vocab():
    return train_vocabulary([WORDS, WORDS], size=300)


@pytest.fixture(scope="module")
def mlm(vocab):
    torch.manual_seed(0)
    model = MaskedLM(EncoderConfig(vocab_size=len(vocab), d_model=16, layers=1, heads=2, d_ff=32, d_embed=16))
    return FillMaskModel(model.eval(), vocab)


@pytest.fixture(scope="module")
def electra(vocab):
    torch.manual_seed(0)
    small = {"layers": 1, "heads": 2, "d_ff": 32, "d_embed": 16}
    pair = Electra(
        EncoderConfig(vocab_size=len(vocab), d_model=16, **small),
        EncoderConfig(vocab_size=len(vocab), d_model=8, **small),
    ).eval()
    return ReplacedTokenModel(pair.discriminator, pair.generator, vocab, {}, 0.5)


@pytest.mark.parametrize(
    ("text", "top_k", "field"),
    [
        ("", 5, "text"),
        ("   ", 5, "text"),
        (None, 5, "text"),
        ("the statement is used .", 5, "text"),  # no [MASK]
        ("the [MASK] " + "is " * 64, 5, "text"),  # more than 64 tokens
        ("x" * 5000 + " [MASK]", 5, "text"),
        ("[CLS] the [MASK] .", 5, "text"),  # only [MASK] and [UNK] may be typed
        ("the [MASK] .", 0, "top_k"),
        ("the [MASK] .", 21, "top_k"),
        ("the [MASK] .", "5", "top_k"),
        ("the [MASK] .", True, "top_k"),
    ],
)
def test_fill_mask_rejects_bad_input_naming_the_field(mlm, text, top_k, field):
    with pytest.raises(InputError) as error:
        fill_mask(mlm, text, top_k)
    assert error.value.field == field


def test_fill_mask_shows_the_pieces_and_returns_plain_data(mlm, vocab):
    result = fill_mask(mlm, "The zebra [MASK] used .", top_k=3)
    assert result["tokens"] == ["the", "z", "##e", "##b", "##r", "##a", "[MASK]", "used", "."]
    [prediction] = result["predictions"]
    assert prediction["position"] == 6
    assert len(prediction["candidates"]) == 3
    for c in prediction["candidates"]:  # a word start: never a special token or a continuation
        assert c["token"] not in SPECIAL_TOKENS and not c["token"].startswith(PREFIX)
    probabilities = [c["probability"] for c in prediction["candidates"]]
    assert probabilities == sorted(probabilities, reverse=True)
    assert all(isinstance(p, float) for p in probabilities)


def test_exactly_64_tokens_are_accepted(mlm):
    result = fill_mask(mlm, "[MASK] " + "is " * 63, top_k=1)
    assert len(result["tokens"]) == 64


def test_a_sentence_of_more_than_128_pieces_is_refused(mlm, electra):
    text = "[MASK] " + "qzxj " * 32  # 33 words, 129 pieces
    with pytest.raises(InputError, match="129 subword pieces"):
        fill_mask(mlm, text)
    with pytest.raises(InputError, match="129 subword pieces"):
        detect_replaced(electra, text.replace("[MASK]", "x"))


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"text": ""}, "text"),
        ({"text": "is " * 65}, "text"),
        ({"text": "the [MASK] is used ."}, "text"),
        ({"text": "the statement .", "corrupt": "yes"}, "corrupt"),
        ({"text": "the statement .", "corrupt": True, "seed": -1}, "seed"),
        ({"text": "the statement .", "corrupt": True, "seed": 1.5}, "seed"),
        ({"text": "the statement .", "corrupt": True, "seed": 2**31}, "seed"),
    ],
)
def test_detect_replaced_rejects_bad_input_naming_the_field(electra, kwargs, field):
    with pytest.raises(InputError) as error:
        detect_replaced(electra, **kwargs)
    assert error.value.field == field


def test_detect_replaced_corrupts_reproducibly_per_seed(electra):
    text = "the statement is used for execution . " * 3
    first = detect_replaced(electra, text, corrupt=True, seed=3)
    assert first == detect_replaced(electra, text, corrupt=True, seed=3)
    n = len(first["tokens"])
    assert len(first["corrupted_tokens"]) == len(first["replaced"]) == len(first["replaced_probability"]) == n
    assert first["replaced"] == [a != b for a, b in zip(first["tokens"], first["corrupted_tokens"], strict=True)]
    assert sum(first["replaced"]) <= round(0.15 * n)
    plain = detect_replaced(electra, text)
    assert set(plain) == {"tokens", "pieces", "replaced_probability", "piece_probability"}
    assert all(0.0 <= p <= 1.0 for p in plain["replaced_probability"])


def test_a_words_probability_is_the_highest_of_its_pieces(electra):
    result = detect_replaced(electra, "The zebra is used.")
    assert result["pieces"][1] == ["z", "##e", "##b", "##r", "##a"]
    assert result["replaced_probability"] == [max(p) for p in result["piece_probability"]]


def test_corrupting_a_text_of_unknown_words_changes_nothing(electra):
    result = detect_replaced(electra, "한글 단어", corrupt=True, seed=1)
    assert result["tokens"] == result["corrupted_tokens"] == ["한글", "단어"]
    assert result["pieces"] == [[UNK], [UNK]]
    assert result["replaced"] == [False, False]
