"""Tokenizer and vocabulary: pure, deterministic, no model needed."""

from apps.demos.engines.lm.tokenizer import MASK, SPECIAL_TOKENS, UNK, Vocabulary, tokenize


def test_tokenize_splits_words_and_punctuation_and_lowercases():
    assert tokenize('Use "str.split()" here!') == [
        "use",
        '"',
        "str",
        ".",
        "split",
        "(",
        ")",
        '"',
        "here",
        "!",
    ]


def test_tokenize_keeps_special_tokens_whole_in_any_case():
    assert tokenize("a [mask] b [SEP]") == ["a", MASK, "b", "[SEP]"]
    assert tokenize("[masks]") == ["[", "masks", "]"]


def test_tokenize_is_deterministic_and_empty_for_blank_text():
    text = "The for statement iterates over the elements of a sequence."
    assert tokenize(text) == tokenize(text)
    assert tokenize("   \n\t") == []


def test_vocabulary_orders_by_frequency_then_alphabet_and_maps_unknowns():
    vocab = Vocabulary.build([["b", "a", "c"], ["b", "a"], ["b", MASK]], size=2)
    assert vocab.tokens == [*SPECIAL_TOKENS, "b", "a"]
    assert vocab.pad_id == 0
    assert vocab.decode(vocab.encode(["a", "zzz", MASK])) == ["a", UNK, MASK]
    assert vocab.known(["c", "b"]) == [UNK, "b"]
