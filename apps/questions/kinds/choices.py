"""Kinds answered by picking among the question's choices: single, multi, ordering.

Answers are stored as choice ids (stable for review and statistics); the page only ever sees
the opaque values ``encode`` gives, and ``decode`` maps them back (see tokens.py).
"""

from __future__ import annotations

import itertools
import math
import random
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from apps.questions.kinds.base import InvalidAnswer, Kind, gettext_noop, pick


class ChoiceKind(Kind):
    has_choices = True
    marks_correct = True
    choice_count: ClassVar[tuple[int, int]] = (2, 6)

    def answer_problems(self, answer: Any) -> list[str]:
        if answer is not None:
            return [f"{self.name} questions take their key from the choices; remove 'answer'"]
        return []

    def choice_problems(self, flags: list[bool]) -> list[str]:
        low, high = self.choice_count
        problems = [] if low <= len(flags) <= high else [f"{self.name} needs {low}–{high} choices, found {len(flags)}"]
        return problems + self.flag_problems(sum(flags))

    def flag_problems(self, correct: int) -> list[str]:
        return []

    def canonical_answer(self, answer: Any) -> Any:
        return None

    def key_data(self, answer: Any, choices: Sequence[tuple[int, bool]]) -> dict:
        return {"correct": [cid for cid, correct in choices if correct]}

    def _decode_all(self, raw: Any, decode: Callable[[Any], int]) -> list[int]:
        chosen = [decode(v) for v in (raw if isinstance(raw, list) else [raw])]
        if len(set(chosen)) != len(chosen):
            raise InvalidAnswer("a choice appears more than once")
        return chosen

    def _texts(self, snapshot: dict, lang: str) -> dict[int, str]:
        return {c["id"]: pick(c["text"], lang) for c in snapshot["choices"]}

    def _chosen(self, answer: Any) -> set[int]:
        return set(answer) if isinstance(answer, list) else {answer}

    def option_tally(self, snapshot: dict, answers: Sequence[Any], lang: str) -> list[tuple[str, bool, int]]:
        counts = Counter(i for answer in answers for i in (answer if isinstance(answer, list) else [answer]))
        correct = set(snapshot["key_data"]["correct"])
        texts = self._texts(snapshot, lang)
        return [(texts[c["id"]], c["id"] in correct, counts[c["id"]]) for c in snapshot["choices"]]

    def page_answer(self, answer: Any, encode: Callable[[int], str]) -> Any:
        if answer is None:
            return None
        return [encode(i) for i in answer] if isinstance(answer, list) else encode(answer)

    def answer_text(self, snapshot: dict, answer: Any, lang: str) -> str:
        texts = self._texts(snapshot, lang)
        return ", ".join(texts.get(i, "") for i in answer)

    def public_view(self, snapshot: dict, lang: str, encode: Callable[[int], str], answer: Any = None) -> dict:
        choices = [{"value": encode(c["id"]), "text": pick(c["text"], lang)} for c in snapshot["choices"]]
        return {**super().public_view(snapshot, lang, encode, answer), "choices": choices}

    def review_view(self, snapshot: dict, lang: str, answer: Any = None) -> dict:
        correct = set(snapshot["key_data"].get("correct", []))
        chosen = self._chosen(answer)
        choices = [
            {
                "text": pick(c["text"], lang),
                "feedback": pick(c["feedback"], lang),
                "correct": c["id"] in correct,
                "chosen": c["id"] in chosen,
            }
            for c in snapshot["choices"]
        ]
        return {**super().review_view(snapshot, lang, answer), "choices": choices}


class Single(ChoiceKind):
    name = "single"
    label = gettext_noop("Single choice")
    shape = "one"

    def flag_problems(self, correct: int) -> list[str]:
        return [] if correct == 1 else [f"single needs exactly one correct choice, found {correct}"]

    def clean(self, snapshot: dict, raw: Any, decode: Callable[[Any], int]) -> Any:
        if isinstance(raw, list) and len(raw) != 1:
            raise InvalidAnswer("choose one answer")
        return self._decode_all(raw, decode)[0]

    def grade(self, snapshot: dict, answer: Any) -> float:
        return 1.0 if answer in snapshot["key_data"]["correct"] else 0.0

    def answer_text(self, snapshot: dict, answer: Any, lang: str) -> str:
        return self._texts(snapshot, lang).get(answer, "")

    def guess_score(self, snapshot: dict) -> float | None:
        return 100 / len(snapshot["choices"]) if snapshot["choices"] else None


class Multi(ChoiceKind):
    name = "multi"
    label = gettext_noop("Multiple choice")
    shape = "many"
    takes_all_or_nothing = True
    choice_count = (3, 8)

    def flag_problems(self, correct: int) -> list[str]:
        return [] if correct else ["multi needs at least one correct choice, found none"]

    def clean(self, snapshot: dict, raw: Any, decode: Callable[[Any], int]) -> Any:
        return sorted(self._decode_all(raw, decode))

    def grade(self, snapshot: dict, answer: Any) -> float:
        """Moodle's rule: +1/k per correct option chosen, −1/k per wrong one, floored at 0."""
        correct = set(snapshot["key_data"]["correct"])
        chosen = set(answer or [])
        if snapshot.get("all_or_nothing"):
            return 1.0 if chosen == correct else 0.0
        raw = (len(chosen & correct) - len(chosen - correct)) / len(correct)
        return max(0.0, min(1.0, raw))

    def guess_score(self, snapshot: dict) -> float | None:
        """Every subset of the options (the empty one too) equally likely, under this kind's grading."""
        ids = [c["id"] for c in snapshot["choices"]]
        if not ids:
            return None
        subsets = [list(s) for r in range(len(ids) + 1) for s in itertools.combinations(ids, r)]
        return 100 * sum(self.grade(snapshot, s) for s in subsets) / len(subsets)


class Ordering(ChoiceKind):
    """Choices are authored in the correct order; the student restores it."""

    name = "ordering"
    label = gettext_noop("Ordering")
    shape = "order"
    marks_correct = False
    choice_count = (3, 8)

    def flag_problems(self, correct: int) -> list[str]:
        return ["ordering choices are listed in the correct order; remove 'correct'"] if correct else []

    def shown_order(self, choices: list, *, shuffle: bool, rng: random.Random) -> list:
        # Always shuffled, whatever the quiz says, and never shown as the answer itself.
        shown = list(choices)
        rng.shuffle(shown)
        if shown == list(choices) and len(shown) > 1:
            shown = shown[1:] + shown[:1]
        return shown

    def key_data(self, answer: Any, choices: Sequence[tuple[int, bool]]) -> dict:
        return {"order": [cid for cid, _ in choices]}

    def clean(self, snapshot: dict, raw: Any, decode: Callable[[Any], int]) -> Any:
        chosen = self._decode_all(raw, decode)
        if set(chosen) != {c["id"] for c in snapshot["choices"]}:
            raise InvalidAnswer("an ordering must place every item exactly once")
        return chosen

    def grade(self, snapshot: dict, answer: Any) -> float:
        return 1.0 if list(answer or []) == snapshot["key_data"]["order"] else 0.0

    def guess_score(self, snapshot: dict) -> float | None:
        return 100 / math.factorial(len(snapshot["choices"])) if snapshot["choices"] else None

    def option_tally(self, snapshot: dict, answers: Sequence[Any], lang: str) -> list[tuple[str, bool, int]]:
        return []  # a position, not an option, is what a student gets wrong

    def answer_text(self, snapshot: dict, answer: Any, lang: str) -> str:
        texts = self._texts(snapshot, lang)
        return " → ".join(texts.get(i, "") for i in answer)

    def public_view(self, snapshot: dict, lang: str, encode: Callable[[int], str], answer: Any = None) -> dict:
        view = super().public_view(snapshot, lang, encode, answer)
        if isinstance(answer, list):  # the student's saved order
            by_value = {c["value"]: c for c in view["choices"]}
            view["choices"] = [by_value[encode(i)] for i in answer if encode(i) in by_value]
        return view

    def review_view(self, snapshot: dict, lang: str, answer: Any = None) -> dict:
        view = super().review_view(snapshot, lang, answer)
        order = snapshot["key_data"]["order"]
        texts = self._texts(snapshot, lang)
        for choice, raw in zip(view["choices"], snapshot["choices"], strict=True):
            choice["rank"] = order.index(raw["id"]) + 1
        view["correct_order"] = [texts[cid] for cid in order]
        return view
