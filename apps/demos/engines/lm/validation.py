"""Checks on the public API's plain-data inputs; each failure names the offending field."""

from __future__ import annotations

from typing import Any

from apps.demos.engines.lm.corpus import MAX_TOKENS
from apps.demos.engines.lm.errors import InputError
from apps.demos.engines.lm.tokenizer import MASK, SPECIAL_TOKENS, UNK, tokenize

MAX_TEXT_CHARS = 1000  # bounds tokenising work before the token count is known
# The other limits of the public API, here (torch-free) so the web layer can describe them
# without importing the models.
MAX_TOP_K = 20  # fill_mask: candidates per [MASK]
MAX_SEED = 2**31 - 1  # detect_replaced: the generator's seed
MAX_RANK = 64  # lora_rank_result: ranks above this are refused outright


def text_tokens(text: Any, *, allowed_special: tuple[str, ...] = (UNK,)) -> list[str]:
    """Tokens of ``text``: non-empty, at most ``MAX_TOKENS``, only the allowed special tokens."""
    if not isinstance(text, str):
        raise InputError("text", "must be a string")
    if len(text) > MAX_TEXT_CHARS:
        raise InputError("text", f"is too long: at most {MAX_TEXT_CHARS} characters")
    tokens = tokenize(text)
    if not tokens:
        raise InputError("text", "is empty")
    if len(tokens) > MAX_TOKENS:
        raise InputError("text", f"has {len(tokens)} tokens; at most {MAX_TOKENS} are allowed")
    forbidden = sorted({t for t in tokens if t in SPECIAL_TOKENS and t not in allowed_special})
    if forbidden:
        raise InputError("text", f"may not contain {', '.join(forbidden)}")
    return tokens


def masked_text_tokens(text: Any) -> list[str]:
    tokens = text_tokens(text, allowed_special=(UNK, MASK))
    if MASK not in tokens:
        raise InputError("text", f"needs at least one {MASK} to fill in")
    return tokens


def bounded_int(field: str, value: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(field, "must be an integer")
    if not low <= value <= high:
        raise InputError(field, f"must be between {low} and {high}")
    return value


def boolean(field: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise InputError(field, "must be true or false")
    return value
