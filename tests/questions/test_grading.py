"""Grading rules, as pure functions: no database."""

import pytest

from apps.questions.grading import aggregate, grade
from apps.questions.matching import fold, parse_number


def snap(qtype, **key):
    return {"type": qtype, "key_data": key, "all_or_nothing": key.pop("all_or_nothing", False)}


@pytest.mark.parametrize(("answer", "score"), [(7, 1.0), (8, 0.0), (None, 0.0), ("7", 0.0)])
def test_single(answer, score):
    assert grade(snap("single", correct=[7]), answer) == score


@pytest.mark.parametrize(
    ("chosen", "score"),
    [
        ([1, 2], 1.0),  # both correct options
        ([1], 0.5),  # one of two: +1/2
        ([1, 3], 0.0),  # +1/2 −1/2
        ([1, 2, 3], 0.5),  # +1 −1/2
        ([3], 0.0),  # −1/2 floored at 0
        ([1, 2, 3, 4], 0.0),  # +1 −1
        ([], 0.0),
    ],
)
def test_multi_partial_credit_the_moodle_way(chosen, score):
    assert grade(snap("multi", correct=[1, 2]), chosen) == pytest.approx(score)


def test_multi_with_three_correct_options():
    assert grade(snap("multi", correct=[1, 2, 3]), [1]) == pytest.approx(1 / 3)
    assert grade(snap("multi", correct=[1, 2, 3]), [1, 2, 4]) == pytest.approx(1 / 3)


def test_multi_all_or_nothing():
    key = snap("multi", correct=[1, 2], all_or_nothing=True)
    assert grade(key, [1]) == 0.0
    assert grade(key, [2, 1]) == 1.0


@pytest.mark.parametrize(("answer", "score"), [(True, 1.0), (False, 0.0), ("true", 0.0), (1, 0.0)])
def test_true_false(answer, score):
    assert grade(snap("true_false", value=True), answer) == score


@pytest.mark.parametrize(
    "answer",
    [
        "판별자",
        " 판별자 ",
        "Discriminator",
        "DISCRIMINATOR",
        "ｄｉｓｃｒｉｍｉｎａｔｏｒ",
        "replaced  token\tdetection",
    ],
)
def test_short_normalises_case_width_and_spaces(answer):
    assert grade(snap("short", accepted=["판별자", "discriminator", "Replaced Token Detection"]), answer) == 1.0


@pytest.mark.parametrize("answer", ["생성자", "", "   ", "discriminators"])
def test_short_rejects_other_answers(answer):
    assert grade(snap("short", accepted=["판별자", "discriminator"]), answer) == 0.0


@pytest.mark.parametrize("answer", ["24576", "24,576", "2.4576e4", " 24576.0 ", "+24576", "２４５７６"])
def test_numeric_formats(answer):
    assert grade(snap("numeric", value=24576, tolerance=0), answer) == 1.0


@pytest.mark.parametrize("answer", ["24577", "2,45,76", "24 576 apples", "", "1e999", "nan", "0x6000"])
def test_numeric_wrong_or_unparseable(answer):
    assert grade(snap("numeric", value=24576, tolerance=0), answer) == 0.0


def test_numeric_tolerance_is_inclusive_and_float_noise_is_forgiven():
    key = snap("numeric", value=0.576, tolerance=0.001)
    assert grade(key, "0.577") == 1.0 and grade(key, "0.575") == 1.0 and grade(key, "0.578") == 0.0
    assert grade(snap("numeric", value=0.3, tolerance=0), str(0.1 + 0.2)) == 1.0


def test_ordering_is_all_or_nothing():
    key = snap("ordering", order=[3, 1, 2])
    assert grade(key, [3, 1, 2]) == 1.0
    assert grade(key, [3, 2, 1]) == 0.0


def test_normalise_and_parse():
    assert fold("  ＢＥＲＴ\tModel ") == "bertmodel"
    assert parse_number("1,234.5") == 1234.5 and parse_number("1,23") is None and parse_number(True) is None


@pytest.mark.parametrize(("method", "expected"), [("highest", 90), ("average", 70), ("first", 50), ("last", 70)])
def test_grade_across_attempts(method, expected):
    assert aggregate(method, [50, 90, 70]) == pytest.approx(expected)
    assert aggregate(method, []) is None
