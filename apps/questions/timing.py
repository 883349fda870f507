"""Time rules for attempts: pure functions over datetimes, no clock reads.

deadline = min(started_at + time limit (+ the student's extra time), quiz close time).
Past the deadline (plus a small allowance for network latency), ``autosubmit`` finishes the
attempt at the deadline; ``graceperiod`` makes it overdue — submittable, not editable —
until deadline + grace, after which it is finished, again at the deadline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class Phase(StrEnum):
    OPEN = "open"  # answers may change
    OVERDUE = "overdue"  # graceperiod: may submit, may not change answers
    CLOSED = "closed"  # must be finished


@dataclass(frozen=True)
class Policy:
    deadline: datetime | None  # None: untimed and no close time
    expiry: str  # "autosubmit" | "graceperiod"
    grace: timedelta
    allowance: timedelta  # network latency allowance for saves


def extended_limit(limit: timedelta, *, extra_minutes: int = 0, extra_percent: int = 0) -> timedelta:
    return limit * (1 + extra_percent / 100) + timedelta(minutes=extra_minutes)


def compute_deadline(
    started_at: datetime,
    time_limit: timedelta | None,
    *,
    close_at: datetime | None = None,
    extra_minutes: int = 0,
    extra_percent: int = 0,
) -> datetime | None:
    candidates = []
    if time_limit is not None:
        candidates.append(
            started_at + extended_limit(time_limit, extra_minutes=extra_minutes, extra_percent=extra_percent)
        )
    if close_at is not None:
        candidates.append(close_at)
    return min(candidates) if candidates else None


def phase(policy: Policy, now: datetime) -> Phase:
    if policy.deadline is None or now <= policy.deadline + policy.allowance:
        return Phase.OPEN
    if policy.expiry == "graceperiod" and now <= policy.deadline + policy.grace:
        return Phase.OVERDUE
    return Phase.CLOSED


def hard_end(policy: Policy) -> datetime | None:
    """When the attempt must be finished whatever the student does."""
    if policy.deadline is None:
        return None
    if policy.expiry == "graceperiod":
        return policy.deadline + max(policy.grace, policy.allowance)
    return policy.deadline + policy.allowance


def seconds_left(policy: Policy, now: datetime) -> float | None:
    if policy.deadline is None:
        return None
    return max(0.0, (policy.deadline - now).total_seconds())
