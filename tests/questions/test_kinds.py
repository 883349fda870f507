"""Question kinds: the registry, the model's choices and the templates agree; each kind's rules."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from django.conf import settings

from apps.questions.kinds import KINDS, InvalidAnswer, kind
from apps.questions.models import Question

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def test_question_type_is_derived_from_the_kinds():
    assert [value for value, _ in Question.Type.choices] == list(KINDS)
    assert Question.Type.SINGLE == "single" and Question.Type.ORDERING == "ordering"


@pytest.mark.parametrize("name", list(KINDS))
def test_every_kind_has_its_two_templates(name):
    qkind = KINDS[name]
    assert (TEMPLATES / qkind.template).is_file() and (TEMPLATES / qkind.review_template).is_file()


def test_unknown_type_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown question type 'essay'"):
        kind("essay")


def decode_ids(value):
    """Stand-in for tokens.py in pure tests: page values are 'c<id>'."""
    if not (isinstance(value, str) and value.startswith("c") and value[1:].isdigit()):
        raise InvalidAnswer(f"{value!r} is not one of this question's choices")
    return int(value[1:])


SNAP = {"choices": [{"id": 1}, {"id": 2}, {"id": 3}]}


@pytest.mark.parametrize(
    ("name", "raw", "stored"),
    [
        ("single", "c2", 2),
        ("single", ["c2"], 2),
        ("multi", ["c3", "c1"], [1, 3]),
        ("multi", "c3", [3]),
        ("ordering", ["c3", "c1", "c2"], [3, 1, 2]),
        ("true_false", "false", False),
        ("true_false", [True], True),
        ("short", ["  판별자 "], "  판별자 "),
        ("short", "   ", None),
        ("numeric", "34 ms", "34 ms"),
    ],
)
def test_clean(name, raw, stored):
    assert KINDS[name].clean(SNAP, raw, decode_ids) == stored


@pytest.mark.parametrize(
    ("name", "raw", "message"),
    [
        ("single", ["c1", "c2"], "choose one answer"),
        ("single", 2, "not one of this question's choices"),
        ("multi", ["c1", "c1"], "more than once"),
        ("ordering", ["c1", "c2"], "every item"),
        ("true_false", "yes", "true or false"),
        ("short", 5, "must be text"),
        ("short", "x" * 201, "longer than 200"),
        ("numeric", "1" * 51, "longer than 50"),
    ],
)
def test_clean_refuses(name, raw, message):
    with pytest.raises(InvalidAnswer, match=message):
        KINDS[name].clean(SNAP, raw, decode_ids)


def test_ordering_is_never_shown_in_key_order():
    ordering = KINDS["ordering"]
    items = ["a", "b", "c"]
    for seed in range(200):
        assert ordering.shown_order(items, shuffle=False, rng=random.Random(seed)) != items


def test_choices_keep_authored_order_only_when_the_quiz_says_so():
    items = list(range(6))
    assert KINDS["single"].shown_order(items, shuffle=False, rng=random.Random(1)) == items
    assert sorted(KINDS["multi"].shown_order(items, shuffle=True, rng=random.Random(1))) == items


@pytest.mark.parametrize(
    ("name", "answer", "flags", "problems"),
    [
        ("single", None, [True, False], []),
        ("single", None, [True, True], ["single needs exactly one correct choice, found 2"]),
        ("single", 3, [True, False], ["single questions take their key from the choices; remove 'answer'"]),
        ("multi", None, [False] * 3, ["multi needs at least one correct choice, found none"]),
        ("ordering", None, [False, False], ["ordering needs 3–8 choices, found 2"]),
        ("ordering", None, [True, False, False], ["ordering choices are listed in the correct order; remove 'correct'"]),
        ("true_false", "yes", [], ["true_false needs 'answer: true' or 'answer: false'"]),
        ("short", {"ko": []}, [], ["short answer needs a non-empty Korean list (ko) of accepted answers"]),
        ("numeric", {"value": 34, "unit": "ms"}, [], []),
        ("numeric", {"value": 34, "unit": 5}, [], ["numeric unit must be text, such as 'ms'"]),
        ("numeric", {"value": "x"}, [True], ["numeric answer value must be a number, not 'x'", "numeric questions have no choices"]),
    ],
)  # fmt: skip
def test_bank_schema(name, answer, flags, problems):
    qkind = KINDS[name]
    assert qkind.answer_problems(answer) + qkind.choice_problems(flags) == problems


def test_review_view_marks_chosen_and_correct_and_the_order():
    snap = {
        "type": "ordering",
        "stem": {"ko": "순서?"},
        "topic_name": {"ko": "주제"},
        "choices": [
            {"id": i, "text": {"ko": t}, "feedback": {"ko": ""}} for i, t in ((2, "둘"), (1, "하나"), (3, "셋"))
        ],
        "key_data": {"order": [1, 2, 3]},
        "explanation": {"ko": "설명"},
        "source": "",
        "demo": None,
    }
    view = KINDS["ordering"].review_view(snap, "ko", [2, 1, 3])
    assert view["correct_order"] == ["하나", "둘", "셋"]
    assert [c["rank"] for c in view["choices"]] == [2, 1, 3]
    assert KINDS["ordering"].answer_text(snap, [2, 1, 3], "ko") == "둘 → 하나 → 셋"
    single = {**snap, "type": "single", "key_data": {"correct": [1]}}
    choices = KINDS["single"].review_view(single, "ko", 3)["choices"]
    assert [(c["correct"], c["chosen"]) for c in choices] == [(False, False), (True, False), (False, True)]
