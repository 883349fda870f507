"""Grading: pure functions from (question snapshot, answer) to a score in [0, 1].

Answers are stored as cleaned by their kind (see kinds/): single → choice id; multi /
ordering → list of choice ids; true_false → bool; short / numeric → the text typed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from apps.questions.kinds import kind


def grade(snapshot: dict, answer: Any) -> float:
    """Score one answer against the key frozen in a question snapshot."""
    if answer is None:
        return 0.0
    return kind(snapshot["type"]).grade(snapshot, answer)


AGGREGATES: dict[str, Callable[[list[float]], float]] = {
    "highest": max,
    "average": lambda scores: sum(scores) / len(scores),
    "first": lambda scores: scores[0],
    "last": lambda scores: scores[-1],
}


def aggregate(method: str, scores: list[float]) -> float | None:
    """A student's grade for a quiz from their finished attempts' scores, oldest first."""
    if method not in AGGREGATES:
        raise ValueError(f"unknown grading method {method!r}")
    return AGGREGATES[method](scores) if scores else None
