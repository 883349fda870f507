"""Item analysis: Moodle's quiz statistics, as pure functions over graded responses.

Definitions follow Moodle's quiz statistics report (mod/quiz/report/statistics and
question/classes/statistics): every per-question figure is computed from the attempts that
contained the question, with sample (n − 1) variances, and reported in percent of the
question's maximum mark (1 here, as every response scores in [0, 1]).

- facility index F = 100 · mean(x)
- standard deviation SD = 100 · sd(x)
- discrimination index D = 100 · r(x, X), X = the attempt's total minus this question's mark
- discriminative efficiency DE = 100 · cov(x, X) / cov_max(x, X), where cov_max pairs the
  sorted x with the sorted X: the largest covariance these two score lists could have
- test: mean, median, SD, skewness and kurtosis of the totals (k-statistics), coefficient of
  internal consistency CIC = 100 · p/(p−1) · (1 − Σ var(xᵢ) / var(T)) (Cronbach's α in percent),
  error ratio ER = 100 · √(1 − CIC/100), standard error SE = ER/100 · SD.

A figure that is undefined for the data (one attempt, an item everybody got right) is None,
never a number made up to fill the cell.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from apps.questions.kinds import KINDS, kind

# Moodle's thresholds for "an instructor should look at this question".
FACILITY_LOW = 10.0
FACILITY_HIGH = 95.0
EFFICIENCY_LOW = 15.0
# A wrong option nobody picked is only telling once enough students have seen it.
DEAD_DISTRACTOR_MIN_ATTEMPTS = 10


class Cell(NamedTuple):
    """One graded response: which question (and version) at which position, and its mark.
    A tuple, not a dataclass: a report builds tens of thousands of them."""

    attempt: int
    position: int
    question: str
    version: int
    score: float


@dataclass(frozen=True)
class ItemStats:
    question: str
    version: int | None  # None: all versions together
    attempts: int
    facility: float | None
    sd: float | None
    discrimination_index: float | None
    discriminative_efficiency: float | None
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class TestStats:
    attempts: int
    max_score: float
    mean: float | None  # mean, median, sd and standard error in percent of max_score
    median: float | None
    sd: float | None
    skewness: float | None
    kurtosis: float | None
    cronbach_alpha: float | None  # Moodle's coefficient of internal consistency, in percent
    error_ratio: float | None
    standard_error: float | None


@dataclass
class QuizStatistics:
    test: TestStats
    items: list[ItemStats]
    versions: dict[str, list[ItemStats]] = field(default_factory=dict)  # only questions seen in 2+ versions

    @property
    def flagged(self) -> list[ItemStats]:
        return [item for item in self.items if item.flags]


# --- small statistics ----------------------------------------------------------------------


def _mean(xs: Sequence[float]) -> float:
    return sum(xs) / len(xs)


def _covariance(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    n = len(xs)
    if n < 2:
        return None
    mx, my = _mean(xs), _mean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / (n - 1)


def _variance(xs: Sequence[float]) -> float | None:
    return _covariance(xs, xs)


def item_statistics(marks: Sequence[float], rest: Sequence[float]) -> tuple[float | None, ...]:
    """(facility, sd, discrimination index, discriminative efficiency) for one question.

    ``marks[i]`` is the question's mark in attempt i and ``rest[i]`` the rest of that attempt's total.
    """
    if not marks:
        return None, None, None, None
    facility = 100 * _mean(marks)
    var_x, var_rest = _variance(marks), _variance(rest)
    if var_x is None:  # a single attempt: no spread, no correlation
        return facility, None, None, None
    sd = 100 * math.sqrt(var_x)
    cov = _covariance(marks, rest)
    cov_max = _covariance(sorted(marks), sorted(rest))
    discrimination = 100 * cov / math.sqrt(var_x * var_rest) if var_x * var_rest > 0 else None
    efficiency = 100 * cov / cov_max if cov_max else None
    return facility, sd, discrimination, efficiency


def item_flags(facility: float | None, discrimination: float | None, efficiency: float | None) -> tuple[str, ...]:
    flags = []
    if facility is not None and facility < FACILITY_LOW:
        flags.append("too_hard")
    if facility is not None and facility > FACILITY_HIGH:
        flags.append("too_easy")
    if discrimination is not None and discrimination < 0:
        flags.append("negative_discrimination")
    if efficiency is not None and efficiency < EFFICIENCY_LOW:
        flags.append("low_efficiency")
    return tuple(flags)


def test_statistics(totals: Sequence[float], *, max_score: float, item_variance_sum: float, p: int) -> TestStats:
    """Moodle's test statistics for the attempts' totals; ``p`` items whose variances sum to ``item_variance_sum``."""
    s = len(totals)
    if s == 0:
        return TestStats(0, max_score, None, None, None, None, None, None, None, None)
    scale = 100 / max_score if max_score else 0.0
    mean = _mean(totals)
    median = statistics.median(totals)
    sd = skewness = kurtosis = alpha = error_ratio = standard_error = None
    if s > 1:
        m2, m3, m4 = (sum((t - mean) ** k for t in totals) / s for k in (2, 3, 4))
        k2 = s * m2 / (s - 1)  # the sample variance
        sd = math.sqrt(k2)
        if s > 2 and k2 > 0:
            k3 = s * s * m3 / ((s - 1) * (s - 2))
            skewness = k3 / k2**1.5
            if s > 3:
                k4 = s * s * ((s + 1) * m4 - 3 * (s - 1) * m2 * m2) / ((s - 1) * (s - 2) * (s - 3))
                kurtosis = k4 / (k2 * k2)
            if p > 1:
                alpha = 100 * p / (p - 1) * (1 - item_variance_sum / k2)
                # α can fall below zero on nonsense data; the error ratio is then undefined.
                if alpha <= 100:
                    error_ratio = 100 * math.sqrt(max(0.0, 1 - alpha / 100))
                    standard_error = error_ratio / 100 * sd
    return TestStats(
        attempts=s,
        max_score=max_score,
        mean=mean * scale,
        median=median * scale,
        sd=None if sd is None else sd * scale,
        skewness=skewness,
        kurtosis=kurtosis,
        cronbach_alpha=alpha,
        error_ratio=error_ratio,
        standard_error=None if standard_error is None else standard_error * scale,
    )


# --- a quiz ----------------------------------------------------------------------------------


def quiz_statistics(cells: Iterable[Cell]) -> QuizStatistics:
    """Item and test statistics from every graded response of the chosen attempts."""
    by_attempt: dict[int, list[Cell]] = defaultdict(list)
    for cell in cells:
        by_attempt[cell.attempt].append(cell)
    totals = {attempt: sum(c.score for c in row) for attempt, row in by_attempt.items()}

    def stats_for(group: list[Cell], question: str, version: int | None) -> ItemStats:
        marks = [c.score for c in group]
        rest = [totals[c.attempt] - c.score for c in group]
        facility, sd, discrimination, efficiency = item_statistics(marks, rest)
        return ItemStats(
            question, version, len(group), facility, sd, discrimination, efficiency,
            item_flags(facility, discrimination, efficiency),
        )  # fmt: skip

    by_question: dict[str, list[Cell]] = defaultdict(list)
    for row in by_attempt.values():
        for cell in row:
            by_question[cell.question].append(cell)
    items = [stats_for(group, key, None) for key, group in by_question.items()]
    versions = {}
    for key, group in by_question.items():
        seen = sorted({c.version for c in group})
        if len(seen) > 1:
            versions[key] = [stats_for([c for c in group if c.version == v], key, v) for v in seen]

    # Cronbach's α needs the same p items in every attempt. A quiz of fixed questions has them
    # (whatever order each student saw); a quiz drawing random questions has its positions,
    # which is how Moodle treats random slots.
    question_sets = {frozenset(c.question for c in row) for row in by_attempt.values()}
    slot_of = (lambda c: c.question) if len(question_sets) == 1 else (lambda c: c.position)
    by_slot: dict[object, list[float]] = defaultdict(list)
    for row in by_attempt.values():
        for cell in row:
            by_slot[slot_of(cell)].append(cell.score)
    variances = [_variance(marks) for marks in by_slot.values()]
    max_score = max((len(row) for row in by_attempt.values()), default=0)
    test = test_statistics(
        list(totals.values()),
        max_score=float(max_score),
        item_variance_sum=sum(v for v in variances if v is not None),
        p=len(by_slot),
    )
    return QuizStatistics(test=test, items=items, versions=versions)


# --- answers: which options students chose ------------------------------------------------------


@dataclass(frozen=True)
class OptionCount:
    label: str
    correct: bool
    count: int

    @property
    def dead(self) -> bool:
        return not self.correct and self.count == 0


def option_counts(snapshot: dict, answers: Sequence[object], lang: str = "ko") -> list[OptionCount]:
    """How often each option was chosen (single / multi / true-false), or the most frequent
    answers typed (short / numeric); the question's kind decides (ordering has none)."""
    return [OptionCount(*tally) for tally in kind(snapshot["type"]).option_tally(snapshot, answers, lang)]


def has_dead_distractor(options: Sequence[OptionCount], attempts: int, qtype: str) -> bool:
    distractors = KINDS[qtype].marks_correct  # only options marked right or wrong have distractors
    return distractors and attempts >= DEAD_DISTRACTOR_MIN_ATTEMPTS and any(o.dead for o in options)


def random_guess_score(snapshot: dict) -> float | None:
    """The expected mark (percent) of a student answering at random: every possible answer equally likely."""
    return kind(snapshot["type"]).guess_score(snapshot)
