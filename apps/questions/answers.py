"""Checking a submitted answer's shape against the question the student saw. Pure."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from apps.questions.kinds import InvalidAnswer, kind

__all__ = ["InvalidAnswer", "clean_answer"]


def clean_answer(snapshot: dict, raw: Any, decode: Callable[[Any], int]) -> Any:
    """The stored form of ``raw`` for this question, or None for "no answer". ``decode`` maps
    a choice's page value back to its id (see tokens.py)."""
    if raw is None or raw == "" or raw == []:
        return None
    return kind(snapshot["type"]).clean(snapshot, raw, decode)
