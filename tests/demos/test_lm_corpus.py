"""The pydoc corpus: prose only, de-duplicated, a deterministic 90/10 split."""

from apps.demos.engines.lm import corpus
from apps.demos.engines.lm.corpus import (
    MAX_TOKENS,
    MIN_TOKENS,
    is_heldout,
    split_heldout,
    split_sentences,
    topic_sentences,
)
from apps.demos.engines.lm.tokenizer import tokenize


def test_split_is_deterministic_disjoint_and_about_ten_percent():
    train, heldout = split_sentences()
    corpus.load_sentences.cache_clear()  # rebuild from scratch: same result
    train_again, heldout_again = split_sentences()
    assert (train, heldout) == (train_again, heldout_again)
    assert not {s.tokens for s in train} & {s.tokens for s in heldout}
    assert 0.07 < len(heldout) / (len(train) + len(heldout)) < 0.13
    assert len(train) > 2000


def test_heldout_sentences_are_halved_into_validation_and_test():
    _, heldout = split_sentences()
    validation, test = split_heldout()
    assert set(validation) | set(test) == set(heldout) and not set(validation) & set(test)
    assert 0.4 < len(validation) / len(heldout) < 0.6


def test_heldout_membership_depends_only_on_the_sentence():
    _, heldout = split_sentences()
    assert all(is_heldout(s.tokens) for s in heldout)
    assert is_heldout(heldout[0].tokens) == is_heldout(tuple(heldout[0].tokens))


def test_sentences_are_distinct_bounded_and_lowercase():
    sentences = corpus.load_sentences()
    assert len({s.tokens for s in sentences}) == len(sentences)
    assert all(MIN_TOKENS <= len(s.tokens) <= MAX_TOKENS for s in sentences)
    assert all(token == token.lower() for s in sentences for token in s.tokens)


def test_code_samples_and_grammar_rules_are_dropped():
    text = (
        "The if statement\n================\n\n"
        "It selects exactly one of the suites.  Then that suite is executed.\n\n"
        '   if_stmt ::= "if" assignment_expression ":" suite\n\n'
        "   >>> print(1)\n   1\n"
    )
    assert topic_sentences(text) == ["It selects exactly one of the suites.", "Then that suite is executed."]
    assert tokenize("Then that suite is executed.") == ["then", "that", "suite", "is", "executed", "."]
