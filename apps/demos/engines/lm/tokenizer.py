"""Splitting text into words, the first step of the language-model lab's tokenizer.

Tokenisation rule (deliberately simple so a page can explain it in one line):
lowercase the text, then every run of letters/digits/underscores is one token and every
other non-space character is a token of its own. ``"str.split()"`` becomes
``["str", ".", "split", "(", ")"]``. The special tokens ``[MASK]`` etc. are recognised in any
case and kept whole, so a user can type ``[mask]`` into a sentence. ``subwords`` then splits
each word into WordPiece pieces.
"""

from __future__ import annotations

import re

PAD, UNK, CLS, MASK, SEP = "[PAD]", "[UNK]", "[CLS]", "[MASK]", "[SEP]"
SPECIAL_TOKENS: tuple[str, ...] = (PAD, UNK, CLS, MASK, SEP)

_TOKEN_RE = re.compile(r"\[(pad|unk|cls|mask|sep)\]|\w+|[^\w\s]")


def tokenize(text: str) -> list[str]:
    """Lowercased word and punctuation tokens; special tokens come back upper-case."""
    return [
        f"[{match.group(1).upper()}]" if match.group(1) else match.group(0)
        for match in _TOKEN_RE.finditer(text.lower())
    ]
