"""Mastery and readiness maths: pure functions over plain numbers.

Mastery of a topic is a Beta posterior over "the chance I answer a question of this topic right
now". Each answer counts with a recency weight 0.5^(age/14 days), so an answer two weeks old
weighs half; the prior is worth 4 answers at the student's overall (weighted) rate, so a topic
with little evidence sits near the student's general level with a wide interval. We show the
posterior mean and its 80 % interval.

Readiness is P(pass a mock exam now): each blueprint topic's question count is beta-binomial
under that topic's posterior; the topics' counts are convolved and the mass at or above the
pass mark is summed.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from scipy import special

HALF_LIFE_DAYS = 14.0
PRIOR_ANSWERS = 4.0
INTERVAL = 0.80


def recency_weight(age_days: float) -> float:
    return 0.5 ** (max(age_days, 0.0) / HALF_LIFE_DAYS)


@dataclass(frozen=True)
class Evidence:
    """Recency-weighted right and wrong answers (partial credit splits an answer)."""

    right: float = 0.0
    wrong: float = 0.0
    answers: int = 0

    def __add__(self, other: Evidence) -> Evidence:
        return Evidence(self.right + other.right, self.wrong + other.wrong, self.answers + other.answers)


def evidence(buckets: Iterable[tuple[float, float, int]]) -> Evidence:
    """From (age in days, score sum, answers) buckets, e.g. one per topic and day."""
    right = wrong = 0.0
    answers = 0
    for age, score_sum, count in buckets:
        w = recency_weight(age)
        right += w * score_sum
        wrong += w * (count - score_sum)
        answers += count
    return Evidence(right, wrong, answers)


@dataclass(frozen=True)
class Mastery:
    a: float
    b: float
    answers: int

    @property
    def mean(self) -> float:
        return self.a / (self.a + self.b)

    @property
    def interval(self) -> tuple[float, float]:
        return intervals([self])[0]


def intervals(masteries: list[Mastery]) -> list[tuple[float, float]]:
    """The 80 % intervals (Beta quantiles) of many posteriors in one vectorised call."""
    if not masteries:
        return []
    tail = (1 - INTERVAL) / 2
    a = np.array([[m.a] for m in masteries])
    b = np.array([[m.b] for m in masteries])
    bounds = special.betaincinv(a, b, np.array([[tail, 1 - tail]]))
    return [(float(low), float(high)) for low, high in bounds]


def prior_mean(overall: Evidence) -> float:
    """The student's overall weighted rate, itself shrunk towards 1/2 by the same prior weight."""
    return (overall.right + PRIOR_ANSWERS / 2) / (overall.right + overall.wrong + PRIOR_ANSWERS)


def mastery(topic: Evidence, *, prior: float) -> Mastery:
    return Mastery(prior * PRIOR_ANSWERS + topic.right, (1 - prior) * PRIOR_ANSWERS + topic.wrong, topic.answers)


def beta_binomial_pmf(n: int, a: float, b: float) -> np.ndarray:
    """P(k right of n) for k = 0..n when the chance of a right answer is Beta(a, b)."""
    k = np.arange(n + 1)
    log_choose = special.gammaln(n + 1) - special.gammaln(k + 1) - special.gammaln(n - k + 1)
    return np.exp(log_choose + special.betaln(k + a, n - k + b) - special.betaln(a, b))


def pass_count(total: int, pass_fraction: float) -> int:
    """Points needed to pass: the pass mark is inclusive (60 % of 30 → 18)."""
    return math.ceil(pass_fraction * total - 1e-9)


def pass_probability(blueprint: Iterable[tuple[int, Mastery]], pass_fraction: float) -> float:
    """P(score ≥ pass mark) for a mock exam of ``count`` questions per topic, one point each."""
    dist = np.ones(1)
    total = 0
    for count, m in blueprint:
        if count <= 0:
            continue
        pmf = beta_binomial_pmf(count, m.a, m.b)
        dist = np.convolve(dist, pmf)
        total += count
    if total == 0:
        return 0.0
    need = pass_count(total, pass_fraction)
    return float(min(1.0, max(0.0, dist[need:].sum())))
