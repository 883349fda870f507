"""The study loop's pure rules: ratings, the retention curve, holding for the exam, mastery, readiness."""

import itertools
import math
from datetime import UTC, datetime, timedelta

import fsrs
import pytest

from apps.questions.study import estimates, spacing
from apps.questions.study.selectors import due_cutoff

T0 = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def test_rating_rule():
    assert spacing.rating_for(0.0, flagged=False, saves=1) == fsrs.Rating.Again
    assert spacing.rating_for(0.5, flagged=False, saves=1) == fsrs.Rating.Again  # partly right is a miss
    assert spacing.rating_for(1.0, flagged=False, saves=1) == fsrs.Rating.Good
    assert spacing.rating_for(1.0, flagged=True, saves=1) == fsrs.Rating.Hard
    assert spacing.rating_for(1.0, flagged=False, saves=4) == fsrs.Rating.Good  # three changes
    assert spacing.rating_for(1.0, flagged=False, saves=5) == fsrs.Rating.Hard  # four changes


def test_desired_retention_rises_towards_the_exam():
    assert spacing.desired_retention(None) == pytest.approx(0.90)
    assert spacing.desired_retention(-1) == pytest.approx(0.90)
    assert spacing.desired_retention(0) == pytest.approx(0.97)
    assert spacing.desired_retention(21) == pytest.approx(0.90 + 0.07 / math.e)
    values = [spacing.desired_retention(d) for d in range(0, 120, 7)]
    assert values == sorted(values, reverse=True) and values[-1] > 0.90


def test_a_due_date_past_the_exam_is_held_for_its_eve():
    exam = T0 + timedelta(days=10)
    assert spacing.hold_for_exam(T0 + timedelta(days=3), now=T0, exam_start=exam) == (T0 + timedelta(days=3), False)
    assert spacing.hold_for_exam(T0 + timedelta(days=30), now=T0, exam_start=exam) == (exam - timedelta(days=1), True)
    # Exam tomorrow morning: the eve has come, so the card keeps its date (the page says so).
    soon = T0 + timedelta(hours=12)
    assert spacing.hold_for_exam(T0 + timedelta(days=3), now=T0, exam_start=soon) == (T0 + timedelta(days=3), False)
    # After the exam, nothing is held.
    assert spacing.hold_for_exam(T0 + timedelta(days=30), now=T0, exam_start=T0 - timedelta(days=1))[1] is False


def test_a_miss_comes_back_the_same_day_and_a_right_answer_days_later():
    scheduler = spacing.scheduler(0.9)
    missed, _ = scheduler.review_card(fsrs.Card(card_id=1, due=T0), fsrs.Rating.Again, review_datetime=T0)
    assert missed.due - T0 == spacing.STEP
    later = T0 + timedelta(minutes=30)
    fixed, _ = scheduler.review_card(missed, fsrs.Rating.Good, review_datetime=later)
    assert fixed.due - later >= timedelta(days=1)


def test_recency_weights_halve_every_14_days():
    assert estimates.recency_weight(0) == 1
    assert estimates.recency_weight(14) == pytest.approx(0.5)
    assert estimates.recency_weight(28) == pytest.approx(0.25)


def test_mastery_is_a_beta_posterior_with_a_prior_worth_four_answers():
    ev = estimates.evidence([(0, 3.0, 4), (14, 0.0, 2)])  # 3/4 today, 0/2 two weeks ago
    assert (ev.right, ev.wrong, ev.answers) == (pytest.approx(3.0), pytest.approx(2.0), 6)
    m = estimates.mastery(ev, prior=0.5)
    assert (m.a, m.b) == (pytest.approx(5.0), pytest.approx(4.0))
    assert m.mean == pytest.approx(5 / 9)
    low, high = m.interval
    assert low < m.mean < high and high - low < 0.5
    # No evidence: the prior itself, with a wide interval.
    empty = estimates.mastery(estimates.Evidence(), prior=0.7)
    assert empty.mean == pytest.approx(0.7) and empty.interval[1] - empty.interval[0] > 0.4
    assert estimates.prior_mean(estimates.Evidence()) == 0.5


def test_pass_probability_matches_brute_force_for_known_rates():
    # Huge posteriors ≈ known rates: the count is Poisson-binomial; enumerate every outcome.
    rates = [(2, 0.9), (3, 0.4)]
    blueprint = [(n, estimates.Mastery(p * 1e7, (1 - p) * 1e7, 0)) for n, p in rates]
    probs = [p for n, p in rates for _ in range(n)]
    exact = sum(
        math.prod(p if hit else 1 - p for p, hit in zip(probs, outcome, strict=True))
        for outcome in itertools.product([0, 1], repeat=len(probs))
        if sum(outcome) >= 3  # 60 % of 5
    )
    assert estimates.pass_probability(blueprint, 0.6) == pytest.approx(exact, abs=1e-6)
    assert estimates.pass_probability([], 0.6) == 0.0


def test_beta_binomial_matches_scipy():
    from scipy import stats

    for n, a, b in [(1, 1.0, 1.0), (6, 2.5, 7.0), (30, 40.0, 12.0)]:
        expected = stats.betabinom.pmf(range(n + 1), n, a, b)
        assert estimates.beta_binomial_pmf(n, a, b) == pytest.approx(expected, rel=1e-9)
    m = estimates.Mastery(5.0, 4.0, 6)
    assert m.interval == pytest.approx(tuple(stats.beta.ppf([0.1, 0.9], 5.0, 4.0)), rel=1e-9)


def test_uncertainty_pulls_readiness_towards_a_coin_flip():
    sure = [(20, estimates.Mastery(7e5, 3e5, 0))]
    unsure = [(20, estimates.Mastery(7, 3, 0))]
    assert estimates.pass_probability(sure, 0.6) > estimates.pass_probability(unsure, 0.6) > 0.5


def test_due_today_reaches_midnight_or_the_learn_ahead_time():
    noon = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)  # 12:00 in Seoul
    assert due_cutoff(noon) == datetime(2026, 11, 25, 15, 0, tzinfo=UTC)  # midnight in Seoul
    late = datetime(2026, 11, 25, 14, 55, tzinfo=UTC)  # 23:55: a miss due at 00:05 is still tonight's
    assert due_cutoff(late) == late + timedelta(minutes=20)
