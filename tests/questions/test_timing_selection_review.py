"""Timing, selection and review-visibility rules, as pure functions: no database."""

from datetime import UTC, datetime, timedelta

from apps.questions import review, selection, timing

T0 = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def policy(expiry="autosubmit", grace=0, deadline=T0 + timedelta(minutes=40)):
    return timing.Policy(deadline, expiry, timedelta(minutes=grace), timedelta(seconds=5))


def test_deadline_is_the_earlier_of_limit_plus_extra_and_close():
    limit = timedelta(minutes=40)
    assert timing.compute_deadline(T0, limit) == T0 + limit
    assert timing.compute_deadline(T0, limit, extra_minutes=10) == T0 + timedelta(minutes=50)
    assert timing.compute_deadline(T0, limit, extra_percent=25) == T0 + timedelta(minutes=50)
    assert timing.compute_deadline(T0, limit, close_at=T0 + timedelta(minutes=30)) == T0 + timedelta(minutes=30)
    assert timing.compute_deadline(T0, None, close_at=T0 + timedelta(hours=2)) == T0 + timedelta(hours=2)
    assert timing.compute_deadline(T0, None) is None


def test_autosubmit_honours_the_latency_allowance_exactly():
    p = policy()
    assert timing.phase(p, p.deadline) == timing.Phase.OPEN
    assert timing.phase(p, p.deadline + timedelta(seconds=5)) == timing.Phase.OPEN
    assert timing.phase(p, p.deadline + timedelta(seconds=5, microseconds=1)) == timing.Phase.CLOSED
    assert timing.hard_end(p) == p.deadline + timedelta(seconds=5)


def test_graceperiod_is_overdue_then_closed():
    p = policy("graceperiod", grace=10)
    assert timing.phase(p, p.deadline + timedelta(seconds=4)) == timing.Phase.OPEN
    assert timing.phase(p, p.deadline + timedelta(seconds=6)) == timing.Phase.OVERDUE
    assert timing.phase(p, p.deadline + timedelta(minutes=10)) == timing.Phase.OVERDUE
    assert timing.phase(p, p.deadline + timedelta(minutes=10, seconds=1)) == timing.Phase.CLOSED


def test_untimed_never_closes():
    p = policy(deadline=None)
    assert timing.phase(p, T0 + timedelta(days=999)) == timing.Phase.OPEN
    assert timing.hard_end(p) is None and timing.seconds_left(p, T0) is None


def test_draw_is_reproducible_unique_and_respects_slots():
    slots = [selection.FixedSlot(1), selection.RandomSlot(tuple(range(1, 30)), 5), selection.RandomSlot((40, 41), 5)]
    first = selection.draw(slots, seed=7, shuffle=False)
    assert first == selection.draw(slots, seed=7, shuffle=False)
    assert first[0] == 1 and len(first) == 1 + 5 + 2 and len(set(first)) == len(first)
    assert set(first[1:6]) <= set(range(2, 30))  # the fixed question is not drawn again
    assert selection.draw(slots, seed=8, shuffle=False) != first
    shuffled = selection.draw(slots, seed=7, shuffle=True)
    assert sorted(shuffled) == sorted(first) and shuffled == selection.draw(slots, seed=7, shuffle=True)


def test_choice_order_streams_are_per_question():
    a = list(range(5))
    b = list(range(5))
    selection.choice_rng(3, 10).shuffle(a)
    selection.choice_rng(3, 10).shuffle(b)
    assert a == b


def test_review_visibility():
    now = T0
    assert review.review_allowed(review="after_submit", finished=True, now=now, close_at=None)
    assert not review.review_allowed(review="after_submit", finished=False, now=now, close_at=None)
    assert not review.review_allowed(review="never", finished=True, now=now, close_at=None)
    assert not review.review_allowed(review="after_close", finished=True, now=now, close_at=now + timedelta(1))
    assert review.review_allowed(review="after_close", finished=True, now=now, close_at=now - timedelta(1))
    assert not review.review_allowed(review="after_close", finished=True, now=now, close_at=None)
