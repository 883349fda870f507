"""When a student may see what: pure rules over plain values."""

from __future__ import annotations

from datetime import datetime


def review_allowed(*, review: str, finished: bool, now: datetime, close_at: datetime | None) -> bool:
    """Full review (key, feedback, explanation) of a finished attempt; the same rule, applied to the
    quiz's ``marks`` policy, says when its score, pass mark and per-topic figures show."""
    if not finished or review == "never":
        return False
    if review == "after_close":  # without a close date: never, until one is set
        return close_at is not None and now >= close_at
    return review == "after_submit"
