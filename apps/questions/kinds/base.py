"""What every question kind shares. Pure: plain data in, plain data out, no Django.

A kind owns one question type from end to end: the bank schema of its ``answer`` and
choices, the key frozen into a snapshot, cleaning a submitted answer, grading it, and the
views and templates a student sees while answering and in review. A new type is one
subclass registered in ``KINDS`` plus its two templates.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from typing import Any, ClassVar


def gettext_noop(text: str) -> str:
    """Marks a label for makemessages; the model translates it lazily."""
    return text


class InvalidAnswer(ValueError):
    """The answer does not fit the question: the page gets a 400 with this message."""


def pick(text: dict[str, str], lang: str) -> str:
    return text.get(lang) or text.get("ko") or ""


def single_value(raw: Any) -> Any:
    """Forms send lists; a one-element list is its element."""
    if isinstance(raw, list) and len(raw) == 1:
        return raw[0]
    return raw


class Kind:
    """One question type. Subclasses override what differs; the defaults fit typed answers."""

    name: ClassVar[str]
    label: ClassVar[str]
    # How attempt.js reads the form: one | many | order | bool | text.
    shape: ClassVar[str] = "text"
    has_choices: ClassVar[bool] = False
    # Whether choices carry a ``correct`` flag (ordering's key is their order instead).
    marks_correct: ClassVar[bool] = False
    # Whether ``all_or_nothing`` (no partial credit) applies.
    takes_all_or_nothing: ClassVar[bool] = False

    @property
    def template(self) -> str:
        return f"questions/kinds/{self.name}.html"

    @property
    def review_template(self) -> str:
        return f"questions/kinds/{self.name}_review.html"

    # --- the bank --------------------------------------------------------------------
    def answer_problems(self, answer: Any) -> list[str]:
        """What is wrong with a question's ``answer`` field (shared by loader and admin)."""
        return []

    def choice_problems(self, flags: list[bool]) -> list[str]:
        """Choice count and correct-flag rules, given each choice's ``correct`` flag."""
        return [f"{self.name} questions have no choices"] if flags else []

    def canonical_answer(self, answer: Any) -> Any:
        """The ``answer`` field in the one shape the loader and exporter compare."""
        return answer

    # --- snapshots -------------------------------------------------------------------
    def shown_order(self, choices: list, *, shuffle: bool, rng: random.Random) -> list:
        if shuffle:
            choices = list(choices)
            rng.shuffle(choices)
        return choices

    def key_data(self, answer: Any, choices: Sequence[tuple[int, bool]]) -> dict:
        """The key frozen into a snapshot, from the question's ``answer`` and (id, correct) pairs."""
        raise NotImplementedError

    # --- answering -------------------------------------------------------------------
    def clean(self, snapshot: dict, raw: Any, decode: Callable[[Any], int]) -> Any:
        """The stored form of a non-empty submitted answer. ``decode`` maps a page value to a
        choice id (raising InvalidAnswer); typed kinds never call it."""
        raise NotImplementedError

    def grade(self, snapshot: dict, answer: Any) -> float:
        """Score in [0, 1] for a stored, non-empty answer."""
        raise NotImplementedError

    def page_answer(self, answer: Any, encode: Callable[[int], str]) -> Any:
        """A stored answer as the page shows it (choice ids become page values)."""
        return answer

    def answer_text(self, snapshot: dict, answer: Any, lang: str) -> str:
        """The student's answer in words, for review."""
        return str(answer)

    # --- item analysis -------------------------------------------------------------
    def guess_score(self, snapshot: dict) -> float | None:
        """Expected mark (percent) of answering at random, every possible answer equally likely."""
        return 0.0

    def option_tally(self, snapshot: dict, answers: Sequence[Any], lang: str) -> list[tuple[str, bool, int]]:
        """(label, correct, how many chose it) per option, for the instructor's report."""
        return []

    # --- views -----------------------------------------------------------------------
    def public_view(self, snapshot: dict, lang: str, encode: Callable[[int], str], answer: Any = None) -> dict:
        """While answering: nothing that gives the key away."""
        return {
            "type": self.name,
            "shape": self.shape,
            "template": self.template,
            "stem": pick(snapshot["stem"], lang),
            "topic_name": pick(snapshot["topic_name"], lang),
        }

    def review_view(self, snapshot: dict, lang: str, answer: Any = None) -> dict:
        """After submission (or for an instructor): the key, feedback and explanation, on top
        of the public view (choice values left blank: nothing is answered from here)."""
        return {
            **self.public_view(snapshot, lang, _no_value, answer),
            "review_template": self.review_template,
            "key_data": snapshot["key_data"],
            "explanation": pick(snapshot["explanation"], lang),
            "source": snapshot["source"],
            "demo": snapshot["demo"],
        }


def _no_value(choice_id: int) -> str:
    return ""
