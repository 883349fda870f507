"""Quizzes and students for attempt tests, built through the real loader."""

import io

from django.contrib.auth import get_user_model
from django.core.management import call_command

from apps.questions.kinds import kind
from apps.questions.models import Quiz, QuizSlot, Topic
from apps.questions.tokens import attempt_tokens
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


def make_instructor(name="teacher"):
    """Staff in the Instructors group that ``setup_roles`` makes: what an instructor may do, no more."""
    call_command("setup_roles", stdout=io.StringIO())
    user = get_user_model().objects.create_user(name, password="pw-123456!", is_staff=True)
    user.groups.add(user.groups.model.objects.get(name="Instructors"))
    return user


def key_answer(snapshot):
    """The correct answer for a snapshot, as stored (choices by id)."""
    key = snapshot["key_data"]
    return {
        "single": lambda: key["correct"][0],
        "multi": lambda: key["correct"],
        "ordering": lambda: key["order"],
        "true_false": lambda: key["value"],
        "short": lambda: key["accepted"][0],
        "numeric": lambda: f"{key['value']:,}",
    }[snapshot["type"]]()


def wrong_key_answer(snapshot):
    """A valid answer that differs from the right one, as stored."""
    key, ids = snapshot["key_data"], [c["id"] for c in snapshot["choices"]]
    return {
        "single": lambda: next(i for i in ids if i not in key["correct"]),
        "multi": lambda: [i for i in ids if i not in key["correct"]][:1],
        "ordering": lambda: list(reversed(key["order"])),
        "true_false": lambda: not key["value"],
        "short": lambda: "not the answer",
        "numeric": lambda: "-12345",
    }[snapshot["type"]]()


def page_answer(snapshot, attempt_id, answer):
    """A stored-form answer as the page sends it: choices by their attempt tokens."""
    return kind(snapshot["type"]).page_answer(answer, attempt_tokens(attempt_id, snapshot).encode)


def right_answer(snapshot, attempt_id):
    """The correct answer for a snapshot, in the form the page sends."""
    return page_answer(snapshot, attempt_id, key_answer(snapshot))


def wrong_answer(snapshot, attempt_id):
    return page_answer(snapshot, attempt_id, wrong_key_answer(snapshot))
