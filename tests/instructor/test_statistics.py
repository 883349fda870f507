"""Item analysis formulas against values worked out by hand on a small known matrix."""

import math

import pytest

from apps.questions import statistics
from apps.questions.statistics import Cell


def cells(matrix, keys=("a", "b", "c")):
    return [
        Cell(attempt, position, keys[position], 1, float(mark))
        for attempt, row in enumerate(matrix)
        for position, mark in enumerate(row)
    ]


# Attempts × questions a, b, c; totals 3, 2, 1, 0.
MATRIX = [
    [1, 1, 1],
    [1, 1, 0],
    [1, 0, 0],
    [0, 0, 0],
]


def test_item_statistics_match_hand_computation():
    result = statistics.quiz_statistics(cells(MATRIX))
    a = next(i for i in result.items if i.question == "a")
    # a: marks 1,1,1,0 → mean .75, sample variance 3·(.25)²+(.75)² over 3 = .25.
    assert a.attempts == 4
    assert a.facility == pytest.approx(75.0)
    assert a.sd == pytest.approx(50.0)
    # Rest of the test: 2,1,0,0 (mean .75, variance 2.75/3); covariance .75/3 = .25.
    assert a.discrimination_index == pytest.approx(100 * 0.25 / math.sqrt(0.25 * 2.75 / 3))
    assert a.discrimination_index == pytest.approx(52.223, abs=1e-3)
    # Sorted pairing (0,0),(1,0),(1,1),(1,2) gives the same covariance: the best a can do.
    assert a.discriminative_efficiency == pytest.approx(100.0)
    assert a.flags == ()


def test_test_statistics_match_hand_computation():
    t = statistics.quiz_statistics(cells(MATRIX)).test
    # Totals 3,2,1,0 of 3: mean 1.5, sample variance 5/3.
    assert t.attempts == 4 and t.max_score == 3
    assert t.mean == pytest.approx(50.0)
    assert t.median == pytest.approx(50.0)
    assert t.sd == pytest.approx(100 * math.sqrt(5 / 3) / 3)
    assert t.skewness == pytest.approx(0.0)
    # m2 = 1.25, m4 = 2.5625; k4 = 16·(5·2.5625 − 9·1.5625)/6 = −10/3; k2² = 25/9.
    assert t.kurtosis == pytest.approx(-1.2)
    # Item variances .25 + 1/3 + .25 = 5/6; α = 3/2 · (1 − (5/6)/(5/3)) = .75.
    assert t.cronbach_alpha == pytest.approx(75.0)
    assert t.error_ratio == pytest.approx(50.0)
    assert t.standard_error == pytest.approx(0.5 * 100 * math.sqrt(5 / 3) / 3)


def test_one_attempt_has_facility_but_no_spread_or_correlation():
    result = statistics.quiz_statistics(cells([[1, 0, 1]]))
    for item in result.items:
        assert item.attempts == 1
        assert item.sd is None and item.discrimination_index is None and item.discriminative_efficiency is None
    assert [i.facility for i in result.items] == [100.0, 0.0, 100.0]
    t = result.test
    assert t.mean == pytest.approx(200 / 3) and t.median == pytest.approx(200 / 3)
    assert t.sd is None and t.skewness is None and t.cronbach_alpha is None and t.standard_error is None


def test_an_item_everybody_gets_right_is_flagged_and_has_no_discrimination():
    result = statistics.quiz_statistics(cells([[1, 1, 1], [1, 1, 0], [1, 0, 0], [1, 0, 1]]))
    a = next(i for i in result.items if i.question == "a")
    assert a.facility == 100.0 and a.sd == 0.0
    assert a.discrimination_index is None and a.discriminative_efficiency is None
    assert a.flags == ("too_easy",)


def test_negative_discrimination_and_low_facility_are_flagged():
    # c is right only for the weakest students.
    matrix = [[1, 1, 0], [1, 1, 0], [1, 0, 0], [0, 0, 1], [0, 1, 0], [1, 1, 0], [0, 0, 0], [1, 0, 0], [0, 1, 0]]
    matrix += [[1, 1, 0]] * 3
    c = next(i for i in statistics.quiz_statistics(cells(matrix)).items if i.question == "c")
    assert c.facility == pytest.approx(100 / 12)
    assert c.discrimination_index < 0 and c.discriminative_efficiency < 0
    assert set(c.flags) == {"too_hard", "negative_discrimination", "low_efficiency"}


def test_partial_credit_marks_are_used_as_they_are():
    result = statistics.quiz_statistics(cells([[0.5, 1, 0], [1, 1, 1], [0, 0, 0]]))
    a = next(i for i in result.items if i.question == "a")
    assert a.facility == pytest.approx(50.0)
    assert a.sd == pytest.approx(50.0)  # deviations −0, .5, −.5: variance .5/2


def test_random_questions_use_positions_for_alpha_and_versions_are_split():
    rows = [
        Cell(1, 0, "a", 1, 1.0), Cell(1, 1, "b", 1, 1.0),
        Cell(2, 0, "c", 1, 0.0), Cell(2, 1, "b", 2, 0.0),
        Cell(3, 0, "a", 1, 1.0), Cell(3, 1, "c", 1, 1.0),
        Cell(4, 0, "b", 2, 0.0), Cell(4, 1, "a", 1, 1.0),
    ]  # fmt: skip
    result = statistics.quiz_statistics(rows)
    assert {i.question: i.attempts for i in result.items} == {"a": 3, "b": 3, "c": 2}
    assert [(v.version, v.attempts) for v in result.versions["b"]] == [(1, 1), (2, 2)]
    # Positions 0 and 1: marks (1,0,1,0) and (1,0,1,1); totals 2,0,2,1 (variance 11/12).
    var0, var1, var_t = 1 / 3, 0.25, 11 / 12
    assert result.test.cronbach_alpha == pytest.approx(100 * 2 * (1 - (var0 + var1) / var_t))


def test_random_guess_scores():
    def snap(qtype, n, correct=()):
        choices = [{"id": i, "text": {"ko": str(i)}} for i in range(n)]
        return {"type": qtype, "choices": choices, "key_data": {"correct": list(correct)}, "all_or_nothing": False}

    assert statistics.random_guess_score(snap("single", 4, [0])) == pytest.approx(25.0)
    assert statistics.random_guess_score(snap("true_false", 0)) == 50.0
    assert statistics.random_guess_score(snap("ordering", 3)) == pytest.approx(100 / 6)
    assert statistics.random_guess_score(snap("short", 0)) == 0.0
    # Multi, 2 of 3 correct, each of the 8 subsets equally likely: marks
    # {}:0 {A}:.5 {B}:.5 {C}:0 {A,B}:1 {A,C}:0 {B,C}:0 {A,B,C}:.5 → 2.5/8.
    assert statistics.random_guess_score(snap("multi", 3, [0, 1])) == pytest.approx(100 * 2.5 / 8)


def test_option_counts_find_a_dead_distractor():
    snapshot = {
        "type": "single",
        "choices": [
            {"id": 1, "text": {"ko": "GAP"}},
            {"id": 2, "text": {"ko": "FC"}},
            {"id": 3, "text": {"ko": "RNN"}},
        ],
        "key_data": {"correct": [1]},
    }
    answers = [1] * 7 + [2] * 3 + [None]
    options = statistics.option_counts(snapshot, answers)
    assert [(o.label, o.correct, o.count) for o in options] == [("GAP", True, 7), ("FC", False, 3), ("RNN", False, 0)]
    assert statistics.has_dead_distractor(options, attempts=11, qtype="single")
    assert not statistics.has_dead_distractor(options, attempts=5, qtype="single")  # too few to tell
