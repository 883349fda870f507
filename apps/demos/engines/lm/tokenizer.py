"""Word-level tokenizer and vocabulary for the language-model lab.

Tokenisation rule (deliberately simple so a page can explain it in one line):
lowercase the text, then every run of letters/digits/underscores is one token and every
other non-space character is a token of its own. ``"str.split()"`` becomes
``["str", ".", "split", "(", ")"]``. The special tokens ``[MASK]`` etc. are recognised in any
case and kept whole, so a user can type ``[mask]`` into a sentence.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

PAD, UNK, CLS, MASK, SEP = "[PAD]", "[UNK]", "[CLS]", "[MASK]", "[SEP]"
SPECIAL_TOKENS: tuple[str, ...] = (PAD, UNK, CLS, MASK, SEP)

_TOKEN_RE = re.compile(r"\[(pad|unk|cls|mask|sep)\]|\w+|[^\w\s]")


def tokenize(text: str) -> list[str]:
    """Lowercased word and punctuation tokens; special tokens come back upper-case."""
    return [
        f"[{match.group(1).upper()}]" if match.group(1) else match.group(0)
        for match in _TOKEN_RE.finditer(text.lower())
    ]


class Vocabulary:
    """Token <-> id mapping: the special tokens first (``[PAD]`` is id 0), then words."""

    def __init__(self, words: Sequence[str]):
        self.tokens: list[str] = [*SPECIAL_TOKENS, *(w for w in words if w not in SPECIAL_TOKENS)]
        self._ids = {token: i for i, token in enumerate(self.tokens)}
        self.pad_id, self.unk_id, self.cls_id, self.mask_id, self.sep_id = (self._ids[t] for t in SPECIAL_TOKENS)

    @classmethod
    def build(cls, sentences: Iterable[Sequence[str]], size: int, min_count: int = 1) -> Vocabulary:
        """The ``size`` most frequent tokens seen at least ``min_count`` times.

        Ties are broken alphabetically so the result is reproducible.
        """
        counts = Counter(token for sentence in sentences for token in sentence)
        for special in SPECIAL_TOKENS:
            counts.pop(special, None)
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        return cls([word for word, count in ranked[:size] if count >= min_count])

    def __len__(self) -> int:
        return len(self.tokens)

    @property
    def num_special(self) -> int:
        return len(SPECIAL_TOKENS)

    def encode(self, tokens: Sequence[str]) -> list[int]:
        return [self._ids.get(token, self.unk_id) for token in tokens]

    def decode(self, ids: Iterable[int]) -> list[str]:
        return [self.tokens[i] for i in ids]

    def known(self, tokens: Sequence[str]) -> list[str]:
        """``tokens`` as the model sees them: out-of-vocabulary words become ``[UNK]``."""
        return [token if token in self._ids else UNK for token in tokens]
