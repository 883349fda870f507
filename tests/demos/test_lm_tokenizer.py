"""Splitting text into words (before WordPiece): pure, deterministic, no model needed."""

from apps.demos.engines.lm.tokenizer import MASK, tokenize


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
