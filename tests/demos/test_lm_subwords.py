"""The WordPiece vocabulary: no [UNK] for ASCII words, deterministic training, whole words kept."""

import random
import string

from apps.demos.engines.lm.corpus import split_sentences
from apps.demos.engines.lm.subwords import (
    ALPHABET,
    PREFIX,
    VOCAB_SIZE,
    corpus_vocabulary,
    join_pieces,
    pieces,
    train_vocabulary,
)
from apps.demos.engines.lm.tokenizer import MASK, SPECIAL_TOKENS, UNK, tokenize


def test_any_ascii_word_splits_into_known_pieces_that_spell_it():
    vocab = corpus_vocabulary()
    rng = random.Random(0)
    printable = [c for c in string.printable if not c.isspace()]
    for _ in range(2000):
        text = "".join(rng.choice(printable) for _ in range(rng.randint(1, 40)))
        for word in tokenize(text):
            if word in SPECIAL_TOKENS:
                continue
            split = vocab.word_pieces(word)
            assert UNK not in split, (text, word, split)
            assert join_pieces(split) == word
            assert not split[0].startswith(PREFIX) and all(p.startswith(PREFIX) for p in split[1:])


def test_every_printable_character_is_a_word_start_and_a_continuation():
    tokens = set(corpus_vocabulary().tokens)
    assert all(c in tokens and PREFIX + c in tokens for c in ALPHABET)
    assert len(tokens) == VOCAB_SIZE


def test_training_is_deterministic_and_the_special_tokens_come_first():
    train, _ = split_sentences()
    again = train_vocabulary(s.tokens for s in train)
    assert again.tokenizer.to_str() == corpus_vocabulary().tokenizer.to_str()
    assert again.tokens[: len(SPECIAL_TOKENS)] == list(SPECIAL_TOKENS)
    assert again.pad_id == 0


def test_frequent_words_stay_whole_and_rare_words_split():
    assert pieces("The function returns") == ["the", "function", "returns"]
    assert len(pieces("banana")) > 1
    assert pieces("a [mask] b") == ["a", MASK, "b"]


def test_merges_join_the_most_frequent_pair_first_with_alphabetical_ties():
    # "ab" occurs 3 times, "cd" twice: with room for one merge only "ab" is joined.
    base = len(train_vocabulary([["ab"]], size=0).tokens)
    vocab = train_vocabulary([["ab", "ab", "ab", "cd", "cd"]], size=base + 1)
    assert vocab.word_pieces("ab") == ["ab"] and vocab.word_pieces("cd") == ["c", "##d"]
    tie = train_vocabulary([["xy", "uv"]] * 2, size=base + 1)
    assert tie.word_pieces("uv") == ["uv"] and tie.word_pieces("xy") == ["x", "##y"]


def test_pieces_map_back_to_their_words():
    vocab = corpus_vocabulary()
    words = tokenize("The banana is an object.")
    assert vocab.word_of_piece(words) == [i for i, w in enumerate(words) for _ in vocab.word_pieces(w)]
    assert vocab.decode(vocab.encode(words)) == vocab.pieces(words)
