"""Kinds answered without choices: true/false, short text, a number."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from apps.questions.kinds.base import InvalidAnswer, Kind, gettext_noop, single_value
from apps.questions.matching import normalise_text, parse_number, short_answer_matches

TALLY_TOP = 5  # the most frequent typed answers an instructor sees

LANGS = ("ko", "en")


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _texts(value: Any) -> bool:
    return isinstance(value, list) and all(_is_text(a) for a in value)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


class TrueFalse(Kind):
    name = "true_false"
    label = gettext_noop("True / false")
    shape = "bool"

    def answer_problems(self, answer: Any) -> list[str]:
        return [] if isinstance(answer, bool) else ["true_false needs 'answer: true' or 'answer: false'"]

    def key_data(self, answer: Any, choices: Sequence[tuple[int, bool]]) -> dict:
        return {"value": bool(answer)}

    def clean(self, snapshot: dict, raw: Any, decode: Callable[[Any], int]) -> Any:
        raw = single_value(raw)
        if isinstance(raw, bool):
            return raw
        if raw in ("true", "false"):
            return raw == "true"
        raise InvalidAnswer("answer true or false")

    def grade(self, snapshot: dict, answer: Any) -> float:
        return 1.0 if isinstance(answer, bool) and answer == snapshot["key_data"]["value"] else 0.0

    def answer_text(self, snapshot: dict, answer: Any, lang: str) -> str:
        return "O" if answer else "X"

    def guess_score(self, snapshot: dict) -> float | None:
        return 50.0

    def option_tally(self, snapshot: dict, answers: Sequence[Any], lang: str) -> list[tuple[str, bool, int]]:
        counts = Counter(a for a in answers if isinstance(a, bool))
        return [(str(v).lower(), snapshot["key_data"]["value"] == v, counts[v]) for v in (True, False)]


class TextKind(Kind):
    """Typed into one text field, stored as typed."""

    max_length = 200

    def clean(self, snapshot: dict, raw: Any, decode: Callable[[Any], int]) -> Any:
        raw = single_value(raw)
        if not isinstance(raw, str):
            raise InvalidAnswer("the answer must be text")
        if len(raw) > self.max_length:
            raise InvalidAnswer(f"the answer is longer than {self.max_length} characters")
        return raw if raw.strip() else None

    def option_tally(self, snapshot: dict, answers: Sequence[Any], lang: str) -> list[tuple[str, bool, int]]:
        typed = Counter(normalise_text(a) for a in answers if isinstance(a, str) and a.strip())
        return [(text, self.grade(snapshot, text) == 1.0, n) for text, n in typed.most_common(TALLY_TOP)]

    def public_view(self, snapshot: dict, lang: str, encode: Callable[[int], str], answer: Any = None) -> dict:
        return {**super().public_view(snapshot, lang, encode, answer), "max_length": self.max_length}


class Short(TextKind):
    name = "short"
    label = gettext_noop("Short answer")

    def answer_problems(self, answer: Any) -> list[str]:
        if not isinstance(answer, dict) or not answer:
            return ["short needs 'answer: {ko: [...], en: [...]}' with accepted answers"]
        problems = []
        if unknown := set(answer) - set(LANGS):
            problems.append(f"short answer has unknown language(s) {sorted(unknown)}")
        if not _texts(answer.get("ko")) or not answer["ko"]:
            problems.append("short answer needs a non-empty Korean list (ko) of accepted answers")
        if not _texts(answer.get("en", [])):
            problems.append("short answer's English list (en) must hold text")
        return problems

    def canonical_answer(self, answer: Any) -> Any:
        return {"ko": list(answer.get("ko") or []), "en": list(answer.get("en") or [])}

    def key_data(self, answer: Any, choices: Sequence[tuple[int, bool]]) -> dict:
        answer = answer or {}
        return {"accepted": list(answer.get("ko", [])) + list(answer.get("en", []))}

    def grade(self, snapshot: dict, answer: Any) -> float:
        if not isinstance(answer, str) or not answer.strip():
            return 0.0
        return 1.0 if short_answer_matches(answer, snapshot["key_data"]["accepted"]) else 0.0


class Numeric(TextKind):
    name = "numeric"
    label = gettext_noop("Numeric")
    max_length = 50

    def answer_problems(self, answer: Any) -> list[str]:
        if not isinstance(answer, dict) or "value" not in answer:
            return ["numeric needs 'answer: {value: <number>, tolerance: <number>}'"]
        problems = []
        if unknown := set(answer) - {"value", "tolerance", "unit"}:
            problems.append(f"numeric answer has unknown field(s) {sorted(unknown)}")
        if not _is_number(answer.get("value")):
            problems.append(f"numeric answer value must be a number, not {answer.get('value')!r}")
        tolerance = answer.get("tolerance", 0)
        if not _is_number(tolerance) or tolerance < 0:
            problems.append("numeric tolerance must be a number ≥ 0")
        if "unit" in answer and not _is_text(answer["unit"]):
            problems.append("numeric unit must be text, such as 'ms'")
        return problems

    def canonical_answer(self, answer: Any) -> Any:
        unit = {"unit": answer["unit"]} if answer.get("unit") else {}
        return {"value": answer["value"], "tolerance": answer.get("tolerance", 0), **unit}

    def key_data(self, answer: Any, choices: Sequence[tuple[int, bool]]) -> dict:
        return self.canonical_answer(answer)

    def grade(self, snapshot: dict, answer: Any) -> float:
        key = snapshot["key_data"]
        given = parse_number(answer, key.get("unit"))
        if given is None:
            return 0.0
        # A hair of relative slack so 0.1 + 0.2 style float noise never costs a point.
        slack = key.get("tolerance", 0) + 1e-9 * max(1.0, abs(key["value"]))
        return 1.0 if abs(given - key["value"]) <= slack else 0.0

    def public_view(self, snapshot: dict, lang: str, encode: Callable[[int], str], answer: Any = None) -> dict:
        return {**super().public_view(snapshot, lang, encode, answer), "unit": snapshot["key_data"].get("unit")}
