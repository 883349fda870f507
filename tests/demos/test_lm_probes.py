"""The text written for measuring the lab is really new to it, and the tokenizer reads all of it."""

from apps.demos.engines.lm.corpus import load_sentences
from apps.demos.engines.lm.probes import EVERYDAY_WORDS, SENTENCES
from apps.demos.engines.lm.subwords import corpus_vocabulary
from apps.demos.engines.lm.tokenizer import UNK, tokenize


def test_everyday_words_never_occur_in_the_corpus_and_split_into_pieces():
    corpus_words = {w for s in load_sentences() for w in s.tokens}
    assert len(EVERYDAY_WORDS) == len(set(EVERYDAY_WORDS)) >= 30
    assert not corpus_words & set(EVERYDAY_WORDS)
    vocab = corpus_vocabulary()
    assert all(len(vocab.word_pieces(w)) > 1 and UNK not in vocab.word_pieces(w) for w in EVERYDAY_WORDS)


def test_sentences_are_not_corpus_sentences_and_have_no_unknown_pieces():
    corpus = {s.tokens for s in load_sentences()}
    assert len(SENTENCES) >= 40
    assert not corpus & {tuple(tokenize(text)) for text in SENTENCES}
    pieces = corpus_vocabulary().pieces([w for text in SENTENCES for w in tokenize(text)])
    assert UNK not in pieces
