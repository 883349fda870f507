"""WordPiece subword vocabulary of the language-model lab, trained here with the ``tokenizers`` library.

Words come from ``tokenizer.tokenize`` (lowercased words and punctuation, special tokens kept
whole); WordPiece then splits each word into the longest vocabulary pieces from the left, a
piece inside a word carrying the ``##`` prefix: ``"banana"`` -> ``["b", "##an", "##an", "##a"]``.
Every printable ASCII character is in the vocabulary both as a word start and as a ``##``
continuation, so any ASCII word splits without ``[UNK]``; only a word with a character the
corpus never showed (say Hangul) is still ``[UNK]`` as a whole.

We use the library's trainer rather than our own: the lesson is what the pieces look like and
what they do to the models, not the merge loop. Training takes a fraction of a second and is
deterministic, so ``pieces(word)`` simply trains the corpus vocabulary once per process; the
models save the same vocabulary as ``tokenizer.json`` next to their weights.
"""

from __future__ import annotations

import heapq
import string
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from itertools import pairwise
from pathlib import Path

from tokenizers import Tokenizer, models, pre_tokenizers

from apps.demos.engines.lm.corpus import split_sentences
from apps.demos.engines.lm.tokenizer import SPECIAL_TOKENS, UNK, tokenize

PREFIX = "##"  # marks a piece that continues a word
VOCAB_SIZE = 3000  # ~95% of held-out words stay one piece; the rest split into 2-4
MIN_COUNT = 2
MAX_WORD_CHARS = 1000  # WordPiece's default (100) would turn longer words into [UNK]
ALPHABET = tuple(sorted(set(string.printable) - set(string.whitespace)))


class Vocabulary:
    """A trained WordPiece tokenizer: words -> pieces -> ids; the special tokens come first
    (``[PAD]`` is id 0) and are kept whole."""

    def __init__(self, tokenizer: Tokenizer):
        self.tokenizer = tokenizer
        by_id = sorted(tokenizer.get_vocab().items(), key=lambda item: item[1])
        self.tokens: list[str] = [token for token, _ in by_id]
        if tuple(self.tokens[: len(SPECIAL_TOKENS)]) != SPECIAL_TOKENS:
            raise ValueError("the vocabulary does not start with the special tokens")
        self._ids = {token: i for i, token in enumerate(self.tokens)}
        self.pad_id, self.unk_id, self.cls_id, self.mask_id, self.sep_id = range(len(SPECIAL_TOKENS))
        self.continuation = [token.startswith(PREFIX) for token in self.tokens]
        self._split = lru_cache(maxsize=65536)(self._split_word)

    def __len__(self) -> int:
        return len(self.tokens)

    @property
    def num_special(self) -> int:
        return len(SPECIAL_TOKENS)

    def _split_word(self, word: str) -> tuple[str, ...]:
        if word in SPECIAL_TOKENS:
            return (word,)
        return tuple(piece.value for piece in self.tokenizer.model.tokenize(word))

    def word_pieces(self, word: str) -> list[str]:
        """The pieces of one word (a special token stays whole)."""
        return list(self._split(word))

    def pieces(self, words: Sequence[str]) -> list[str]:
        """The pieces of ``words``, in order: the text as the model sees it."""
        return [piece for word in words for piece in self._split(word)]

    def word_of_piece(self, words: Sequence[str]) -> list[int]:
        """For each piece of ``words``, the index of the word it belongs to."""
        return [index for index, word in enumerate(words) for _ in self._split(word)]

    def encode(self, words: Sequence[str]) -> list[int]:
        """Ids of the pieces of ``words``."""
        return [self._ids[piece] for piece in self.pieces(words)]

    def ids(self, pieces: Iterable[str]) -> list[int]:
        return [self._ids.get(piece, self.unk_id) for piece in pieces]

    def decode(self, ids: Iterable[int]) -> list[str]:
        return [self.tokens[i] for i in ids]

    def save(self, path: Path) -> None:
        path.write_text(self.tokenizer.to_str(pretty=True))

    @classmethod
    def load(cls, path: Path) -> Vocabulary:
        return cls(Tokenizer.from_file(str(path)))


def join_pieces(pieces: Sequence[str]) -> str:
    """The word a run of pieces spells: ``["b", "##an"]`` -> ``"ban"``."""
    return "".join(piece.removeprefix(PREFIX) if i else piece for i, piece in enumerate(pieces))


def _symbols(word: str) -> list[str]:
    return [word[0], *(PREFIX + c for c in word[1:])]


def _merged(a: str, b: str) -> str:
    return a + b.removeprefix(PREFIX)


def train_vocabulary(
    sentences: Iterable[Sequence[str]], size: int = VOCAB_SIZE, min_count: int = MIN_COUNT
) -> Vocabulary:
    """Start from single characters, then repeatedly join the most frequent adjacent pair of
    pieces (ties: the alphabetically first pair) until ``size`` pieces or no pair occurs
    ``min_count`` times; encoding is WordPiece's longest match first.

    This is what ``tokenizers``' ``WordPieceTrainer`` does, in a few lines of our own because
    the library breaks ties between equally frequent pairs differently on every run (three
    runs gave three different vocabularies), and the models' inputs must not change with it.
    """
    counts = Counter(w for words in sentences for w in words if w not in SPECIAL_TOKENS)
    words = sorted(counts)
    symbols = [_symbols(w) for w in words]
    characters = {c for w in words for c in w} | set(ALPHABET)
    vocab = {
        token: i
        for i, token in enumerate([*SPECIAL_TOKENS, *sorted(characters), *sorted(PREFIX + c for c in characters)])
    }
    pairs: Counter[tuple[str, str]] = Counter()
    where: dict[tuple[str, str], set[int]] = {}
    for i, word in enumerate(symbols):
        for pair in pairwise(word):
            pairs[pair] += counts[words[i]]
            where.setdefault(pair, set()).add(i)
    heap = [(-count, pair) for pair, count in pairs.items()]
    heapq.heapify(heap)
    while heap and len(vocab) < size:
        negative, pair = heapq.heappop(heap)
        if pairs.get(pair) != -negative:
            continue  # stale: the count changed after this entry was pushed
        if -negative < min_count:
            break
        joined = _merged(*pair)
        vocab.setdefault(joined, len(vocab))
        changed = set()
        for i in sorted(where.pop(pair)):
            old, frequency = symbols[i], counts[words[i]]
            new, k = [], 0
            while k < len(old):
                if k + 1 < len(old) and (old[k], old[k + 1]) == pair:
                    new.append(joined)
                    k += 2
                else:
                    new.append(old[k])
                    k += 1
            for p in pairwise(old):
                pairs[p] -= frequency
                changed.add(p)
            for p in pairwise(new):
                pairs[p] += frequency
                where.setdefault(p, set()).add(i)
                changed.add(p)
            symbols[i] = new
        for p in sorted(changed):
            if pairs[p] > 0:
                heapq.heappush(heap, (-pairs[p], p))
            else:
                del pairs[p]
                where.pop(p, None)
    tokenizer = Tokenizer(models.WordPiece(vocab, unk_token=UNK, max_input_chars_per_word=MAX_WORD_CHARS))
    tokenizer.pre_tokenizer = pre_tokenizers.WhitespaceSplit()  # our words arrive space-separated
    return Vocabulary(tokenizer)


@cache
def corpus_vocabulary() -> Vocabulary:
    """The vocabulary the lab's models are trained with: WordPiece on the training sentences."""
    train, _ = split_sentences()
    return train_vocabulary(s.tokens for s in train)


def pieces(word: str) -> list[str]:
    """How the lab's WordPiece vocabulary splits ``word`` (lowercased, as the models read it).

    ``pieces("embedding")`` -> ``["embed", "##ding"]``-style lists; a text of several words or
    punctuation is split into words first.
    """
    return corpus_vocabulary().pieces(tokenize(word))
