"""Question kinds: one class per question type, and the registry that names them.

``Question.Type`` is built from ``KINDS``, so the model's choices and the kinds agree by
construction. Everything type-specific (bank schema, snapshot key, cleaning, grading, views,
templates) lives in the kind; callers look it up with ``kind(name)``.
"""

from __future__ import annotations

from apps.questions.kinds.base import InvalidAnswer, Kind
from apps.questions.kinds.choices import Multi, Ordering, Single
from apps.questions.kinds.typed import Numeric, Short, TrueFalse

KINDS: dict[str, Kind] = {k.name: k for k in (Single(), Multi(), TrueFalse(), Short(), Numeric(), Ordering())}


def kind(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise ValueError(f"unknown question type {name!r}") from None


__all__ = ["KINDS", "InvalidAnswer", "Kind", "kind"]
