"""Comparing typed answers with the accepted ones, fairly. Pure.

Short answers: two texts match when they agree after Unicode NFKC, case folding and dropping
whitespace and punctuation (so "in-context learning", "In Context Learning" and
"incontext-learning" are one answer). A trailing parenthesis is read two ways:
- "term (ABBR)": both parts must be right — each is an accepted answer, or the abbreviation
  is the term's initials ("generalized zero-shot learning (GZSL)"). An accepted answer
  written this way accepts its term alone, its abbreviation alone, or both.
- "name(args)" after an identifier ("fit(X, y)", "fit()"): the call names the method.
Nothing else is loosened: "zero-shot learning" never matches GZSL's answers.

Numbers: digits with an optional sign, decimal point, thousands separators or exponent,
and, when the question declares a unit, that unit after the number ("34 ms").
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

_PAREN = re.compile(r"^(?P<head>.*?)(?P<gap>\s*)\((?P<inside>[^()]*)\)\s*$", re.S)
_IDENTIFIER = re.compile(r"^[^\W\d][\w.]*$")
_WORD_BREAK = re.compile(r"[\s\-‐‑‒–—―_/·]+")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")


def normalise_text(text: str) -> str:
    """How a typed answer is shown when answers are grouped: '  ＢＥＲＴ\tModel ' → 'bert model'."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def fold(text: str) -> str:
    """The comparison key: NFKC, case-folded, without whitespace or punctuation."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in text if not unicodedata.category(ch).startswith(("P", "Z")) and not ch.isspace())


def initials(term: str) -> str:
    """'Model as a Service' → 'maas'; 'generalized zero-shot learning' → 'gzsl'."""
    words = _WORD_BREAK.split(unicodedata.normalize("NFKC", term).strip())
    return "".join(w[0] for w in words if w).casefold()


def _split(text: str) -> tuple[str, str, bool] | None:
    """(head, inside, is_call) for a text ending in a parenthesis, else None."""
    match = _PAREN.match(unicodedata.normalize("NFKC", text).strip())
    if not match or not match["head"].strip():
        return None
    head, inside = match["head"].strip(), match["inside"].strip()
    is_call = bool(_IDENTIFIER.match(head)) and (not inside or not match["gap"] or "," in inside)
    return head, inside, is_call


def accepted_keys(accepted: Iterable[str]) -> set[str]:
    """Every form an accepted answer may take: whole, and its term or abbreviation alone."""
    keys = set()
    for answer in accepted:
        keys.add(fold(answer))
        if parts := _split(answer):
            head, inside, is_call = parts
            keys.update({fold(head)} if is_call else {fold(head), fold(inside)})
    keys.discard("")
    return keys


def short_answer_matches(answer: str, accepted: Iterable[str]) -> bool:
    keys = accepted_keys(accepted)
    if fold(answer) in keys:
        return True
    parts = _split(answer)
    if parts is None:
        return False
    head, inside, is_call = parts
    if is_call:
        return fold(head) in keys
    head_ok, inside_ok = fold(head) in keys, fold(inside) in keys
    return (head_ok and (inside_ok or initials(head) == fold(inside))) or (inside_ok and initials(inside) == fold(head))


def _without_unit(text: str, unit: str | None) -> str:
    if unit:
        unit = unicodedata.normalize("NFKC", unit).strip()
        if text.casefold().endswith(unit.casefold()):
            return text[: len(text) - len(unit)].rstrip()
    return text


def parse_number(text: Any, unit: str | None = None) -> float | None:
    """'24576', '24,576', '2.4576e4', ' 0.5 ', and '34 ms' when ``unit`` is 'ms' → float;
    anything else → None."""
    if isinstance(text, int | float) and not isinstance(text, bool):
        return float(text) if math.isfinite(text) else None
    if not isinstance(text, str):
        return None
    cleaned = _without_unit(unicodedata.normalize("NFKC", text).strip(), unit).replace(" ", "")
    if _GROUPED.match(cleaned):
        cleaned = cleaned.replace(",", "")
    if not _NUMBER.match(cleaned):
        return None
    value = float(cleaned)
    return value if math.isfinite(value) else None
