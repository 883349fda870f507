"""What the embeddings page and API show for the words a learner types; bad input raises ``InputError``."""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from apps.demos.engines.embeddings import corpus
from apps.demos.engines.embeddings.space import ARCHITECTURES, Space, cosine_matrix, one_hot
from apps.demos.engines.errors import InputError
from apps.demos.engines.lm import subwords
from apps.demos.engines.text import gettext_noop

MAX_LETTERS = 30
NEIGHBOURS = 8
ANSWERS = 5
COMPARED = (2, 6)  # how many words the one-hot vs dense tables take
SHOWN_DIMENSIONS = 8
EXAMPLES = ("king", "seoul", "walked", "apple", "bus")
DEFAULTS: dict[str, str] = {
    "word": "king",
    "a": "king",
    "b": "man",
    "c": "woman",
    "words": "king queen man woman apple",
    "split": "xylophone",
}
_WORD_RE = re.compile(r"[a-z]+")


def letters(field: str, raw: str) -> str:
    """``raw`` as one lower-cased English word of at most ``MAX_LETTERS`` letters."""
    text = raw.strip().lower()
    if not text:
        raise InputError(field, gettext_noop("Type a word."))
    if len(text) > MAX_LETTERS:
        raise InputError(field, gettext_noop("A word has at most %(count)s letters."), count=MAX_LETTERS)
    if not _WORD_RE.fullmatch(text):
        raise InputError(
            field, gettext_noop("Type one word in English letters (a–z), with no spaces, digits or signs.")
        )
    return text


def word(space: Space, field: str, raw: str) -> str:
    """``raw`` as a vocabulary word: one English word, lower-cased, that the models know."""
    text = letters(field, raw)
    if text not in space.index:
        raise InputError(
            field,
            gettext_noop("“%(word)s” is not one of the %(size)s words these models were trained on. Try %(examples)s."),
            word=text,
            size=len(space.words),
            examples=", ".join(EXAMPLES),
        )
    return text


def words(space: Space, field: str, raw: str) -> list[str]:
    """The words to compare: 2 to 6 distinct vocabulary words separated by spaces or commas."""
    parts = list(dict.fromkeys(raw.replace(",", " ").split()))
    low, high = COMPARED
    if not low <= len(parts) <= high:
        raise InputError(
            field, gettext_noop("Type %(low)s to %(high)s different words, separated by spaces."), low=low, high=high
        )
    return [word(space, field, part) for part in parts]


def _ranked(found: list[tuple[str, float]]) -> list[dict[str, Any]]:
    return [{"word": w, "cosine": round(c, 3)} for w, c in found]


def explore(space: Space, query: str, a: str, b: str, c: str, compared: str, split: str) -> dict[str, Any]:
    """Neighbours of ``query`` and the words nearest ``a - b + c`` for each architecture, the
    ``compared`` words as one-hot and as dense vectors with their cosine matrices, and how the
    language-model lab's WordPiece vocabulary splits the word ``split`` (any word of letters)."""
    query = word(space, "word", query)
    a, b, c = (word(space, name, value) for name, value in (("a", a), ("b", b), ("c", c)))
    if len({a, b, c}) < 3:
        raise InputError("c", gettext_noop("Use three different words for a - b + c."))
    compared_words = words(space, "words", compared)
    split = letters("split", split)
    hot = one_hot(compared_words, space.words)
    return {
        "word": query,
        "neighbours": {arch: _ranked(space.neighbours(arch, query, NEIGHBOURS)) for arch in ARCHITECTURES},
        "analogy": {
            "a": a,
            "b": b,
            "c": c,
            "expected": corpus.expected(a, b, c),
            "answers": {arch: _ranked(space.analogy(arch, a, b, c, ANSWERS)) for arch in ARCHITECTURES},
        },
        "compared": {
            "words": compared_words,
            "vocabulary": len(space.words),
            "indices": [space.index[w] for w in compared_words],
            "one_hot_cosine": cosine_matrix(hot).round(3).tolist(),
            "dense_cosine": {
                arch: space.similarity_matrix(arch, compared_words).round(3).tolist() for arch in ARCHITECTURES
            },
            "dimensions": int(space.vectors["skipgram"].shape[1]),
            "parameters": int(space.vectors["skipgram"].size),  # the |V| x d input table of one model
            "dense_first": np.round(
                space.vectors["skipgram"][[space.index[w] for w in compared_words], :SHOWN_DIMENSIONS], 2
            ).tolist(),
        },
        "split": {
            "word": split,
            "pieces": subwords.pieces(split),
            "vocabulary": len(subwords.corpus_vocabulary()),
            "in_word2vec": split in space.index,
        },
    }
