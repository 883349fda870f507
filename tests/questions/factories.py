"""Quizzes and students for attempt tests, built through the real loader."""

import io

from django.contrib.auth import get_user_model
from django.core.management import call_command

from apps.questions.models import Quiz, QuizSlot, Topic
from tests.questions.bankdata import all_types_bank, write


def load_small_bank(tmp_path) -> None:
    call_command("load_bank", str(write(tmp_path / "xai.yaml", all_types_bank())), stdout=io.StringIO())


def make_quiz(key="exam", *, mode="exam", minutes=10, expiry="autosubmit", grace=0, count=6, **fields) -> Quiz:
    quiz = Quiz.objects.create(
        key=key, title_ko=f"{key} 퀴즈", title_en=f"{key} quiz", mode=mode, time_limit_minutes=minutes,
        when_time_expires=expiry, grace_minutes=grace, **fields,
    )  # fmt: skip
    QuizSlot.objects.create(quiz=quiz, position=0, topic=Topic.objects.get(slug="xai"), count=count)
    return quiz


def make_student(name="student"):
    return get_user_model().objects.create_user(name, password="pw-123456!")


def right_answer(snapshot):
    """The correct answer for a snapshot, in the form the page sends."""
    key = snapshot["key_data"]
    return {
        "single": lambda: key["correct"][0],
        "multi": lambda: key["correct"],
        "ordering": lambda: key["order"],
        "true_false": lambda: key["value"],
        "short": lambda: key["accepted"][0],
        "numeric": lambda: f"{key['value']:,}",
    }[snapshot["type"]]()
