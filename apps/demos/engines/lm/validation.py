"""Checks on the public API's plain-data inputs; each failure names the offending field."""

from __future__ import annotations

from typing import Any

from apps.demos.engines.errors import InputError
from apps.demos.engines.lm.corpus import MAX_TOKENS
from apps.demos.engines.lm.tokenizer import MASK, SPECIAL_TOKENS, UNK, tokenize
from apps.demos.engines.text import gettext_noop

MAX_TEXT_CHARS = 1000  # bounds tokenising work before the token count is known
# The other limits of the public API, here (torch-free) so the web layer can describe them
# without importing the models.
MAX_PIECES = 128  # WordPiece pieces of one sentence (the models' length, without [CLS]/[SEP])
MAX_TOP_K = 20  # fill_mask: candidates per [MASK]
MAX_SEED = 2**31 - 1  # detect_replaced: the generator's seed
MAX_RANK = 64  # lora_rank_result: ranks above this are refused outright
TRAINED_RANKS = (1, 2, 4, 8, 16)  # the ranks the lm-lora artifact trains


def sentence_tokens(text: Any, *, max_chars: int, max_tokens: int) -> list[str]:
    """Tokens of ``text``: a string of at most ``max_chars`` characters (bounding the tokenising
    work) and 1 to ``max_tokens`` tokens. The masking demo and the models share these checks."""
    if not isinstance(text, str):
        raise InputError("text", gettext_noop("The text must be a string."))
    if len(text) > max_chars:
        raise InputError("text", gettext_noop("The text is too long: at most %(max)s characters."), max=max_chars)
    tokens = tokenize(text)
    if not tokens:
        raise InputError("text", gettext_noop("Type a sentence first."))
    if len(tokens) > max_tokens:
        raise InputError(
            "text",
            gettext_noop("The sentence has %(count)s tokens; at most %(max)s are allowed."),
            count=len(tokens),
            max=max_tokens,
        )
    return tokens


def text_tokens(text: Any, *, allowed_special: tuple[str, ...] = (UNK,)) -> list[str]:
    """Tokens of ``text`` for a model: at most ``MAX_TOKENS``, only the allowed special tokens."""
    tokens = sentence_tokens(text, max_chars=MAX_TEXT_CHARS, max_tokens=MAX_TOKENS)
    forbidden = sorted({t for t in tokens if t in SPECIAL_TOKENS and t not in allowed_special})
    if forbidden:
        raise InputError("text", gettext_noop("The sentence may not contain %(tokens)s."), tokens=", ".join(forbidden))
    return tokens


def masked_text_tokens(text: Any) -> list[str]:
    tokens = text_tokens(text, allowed_special=(UNK, MASK))
    if MASK not in tokens:
        raise InputError("text", gettext_noop("Put at least one [MASK] where the model should fill in a word."))
    return tokens


def model_pieces(vocab: Any, words: list[str]) -> list[str]:
    """The WordPiece pieces of ``words`` (``vocab`` is a ``subwords.Vocabulary``), at most ``MAX_PIECES``."""
    pieces = vocab.pieces(words)
    if len(pieces) > MAX_PIECES:
        raise InputError(
            "text",
            gettext_noop("The sentence splits into %(count)s subword pieces; at most %(max)s are allowed."),
            count=len(pieces),
            max=MAX_PIECES,
        )
    return pieces


def boolean(field: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise InputError(field, gettext_noop("Must be true or false."))
    return value
