"""Grading: pure functions from (question snapshot, answer) to a score in [0, 1].

Answers are plain JSON values as saved by the attempt page:
single → choice id; multi / ordering → list of choice ids; true_false → bool;
short / numeric → the text the student typed.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

_SPACES = re.compile(r"\s+")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")


def normalise_text(text: str) -> str:
    """Unicode NFKC, case folding and collapsed whitespace: '  ＢＥＲＴ\tModel ' → 'bert model'."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def parse_number(text: Any) -> float | None:
    """'24576', '24,576', '2.4576e4', ' 0.5 ' → float; anything else → None."""
    if isinstance(text, bool):
        return None
    if isinstance(text, int | float):
        return float(text) if math.isfinite(text) else None
    if not isinstance(text, str):
        return None
    cleaned = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    if _GROUPED.match(cleaned):
        cleaned = cleaned.replace(",", "")
    if not _NUMBER.match(cleaned):
        return None
    value = float(cleaned)
    return value if math.isfinite(value) else None


def grade_single(correct: Iterable[int], answer: Any) -> float:
    return 1.0 if answer in set(correct) else 0.0


def grade_multi(correct: Iterable[int], answer: Any, *, all_or_nothing: bool = False) -> float:
    """Moodle's rule: +1/k per correct option chosen, −1/k per wrong one, floored at 0."""
    correct = set(correct)
    chosen = set(answer or [])
    if all_or_nothing:
        return 1.0 if chosen == correct else 0.0
    k = len(correct)
    raw = (len(chosen & correct) - len(chosen - correct)) / k
    return max(0.0, min(1.0, raw))


def grade_true_false(value: bool, answer: Any) -> float:
    return 1.0 if isinstance(answer, bool) and answer == value else 0.0


def grade_short(accepted: Iterable[str], answer: Any) -> float:
    if not isinstance(answer, str) or not answer.strip():
        return 0.0
    return 1.0 if normalise_text(answer) in {normalise_text(a) for a in accepted} else 0.0


def grade_numeric(value: float, tolerance: float, answer: Any) -> float:
    given = parse_number(answer)
    if given is None:
        return 0.0
    # A hair of relative slack so 0.1 + 0.2 style float noise never costs a point.
    slack = tolerance + 1e-9 * max(1.0, abs(value))
    return 1.0 if abs(given - value) <= slack else 0.0


def grade_ordering(order: list[int], answer: Any) -> float:
    return 1.0 if list(answer or []) == list(order) else 0.0


def grade(snapshot: dict, answer: Any) -> float:
    """Score one answer against the key frozen in a question snapshot."""
    if answer is None:
        return 0.0
    key = snapshot["key_data"]
    qtype = snapshot["type"]
    if qtype == "single":
        return grade_single(key["correct"], answer)
    if qtype == "multi":
        return grade_multi(key["correct"], answer, all_or_nothing=snapshot.get("all_or_nothing", False))
    if qtype == "true_false":
        return grade_true_false(key["value"], answer)
    if qtype == "short":
        return grade_short(key["accepted"], answer)
    if qtype == "numeric":
        return grade_numeric(key["value"], key.get("tolerance", 0), answer)
    if qtype == "ordering":
        return grade_ordering(key["order"], answer)
    raise ValueError(f"unknown question type {qtype!r}")


def aggregate(method: str, scores: list[float]) -> float | None:
    """A student's grade for a quiz from their finished attempts' scores, oldest first."""
    if not scores:
        return None
    if method == "highest":
        return max(scores)
    if method == "average":
        return sum(scores) / len(scores)
    if method == "first":
        return scores[0]
    if method == "last":
        return scores[-1]
    raise ValueError(f"unknown grading method {method!r}")
