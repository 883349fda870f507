"""The scheduling rules we choose around FSRS (the ``fsrs`` package does the scheduling).

- Rating: a wrong, partly right or blank answer is Again; a right one is Good, or Hard when the
  student flagged it or changed it four times or more (right, but not sure).
- Desired retention rises as the exam nears: R(d) = 0.90 + 0.07·e^(−d/21), d = days to the exam
  (0.97 on the eve, 0.92 three weeks out, 0.90 without an exam date or after it).
- Nothing is scheduled past the exam silently: a due date later than the eve of the exam is
  brought forward to the eve and marked as held for the exam; reviewed on the eve, a card keeps
  its later date and /study/ says how many fall due after the exam.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from functools import lru_cache

import fsrs

RETENTION_FLOOR = 0.90
RETENTION_BOOST = 0.07
RETENTION_DAYS = 21.0
# The page's sequence number counts saves: the first answer is save 1, so 5 saves = 4 changes.
HESITANT_SAVES = 5
# One short step before a new or lapsed card graduates: a miss comes back the same day.
STEP = timedelta(minutes=10)


def rating_for(score: float, *, flagged: bool, saves: int) -> fsrs.Rating:
    if score < 1:
        return fsrs.Rating.Again
    if flagged or saves >= HESITANT_SAVES:
        return fsrs.Rating.Hard
    return fsrs.Rating.Good


def desired_retention(days_to_exam: float | None) -> float:
    if days_to_exam is None or days_to_exam < 0:
        return RETENTION_FLOOR
    return RETENTION_FLOOR + RETENTION_BOOST * math.exp(-days_to_exam / RETENTION_DAYS)


@lru_cache(maxsize=256)
def scheduler(retention: float) -> fsrs.Scheduler:
    """Fuzzing off: the same answers give the same schedule (tests and the benchmark rely on it)."""
    return fsrs.Scheduler(
        desired_retention=retention, learning_steps=(STEP,), relearning_steps=(STEP,), enable_fuzzing=False
    )


def rounded_retention(days_to_exam: float | None) -> float:
    """Desired retention to three decimals, so schedulers are shared (and cached) per day-ish."""
    return round(desired_retention(days_to_exam), 3)


def hold_for_exam(due: datetime, *, now: datetime, exam_start: datetime | None) -> tuple[datetime, bool]:
    """(due, held): a due date past the exam's eve moves to the eve while the eve is ahead. On the
    eve itself a card keeps FSRS's date (after the exam; /study/ counts and says so), or a right
    answer would bring it straight back."""
    if exam_start is None or exam_start <= now:
        return due, False
    eve = exam_start - timedelta(days=1)
    if due > eve > now:
        return eve, True
    return due, False
