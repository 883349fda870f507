"""Checking a submitted answer's shape against the question the student saw. Pure."""

from __future__ import annotations

from typing import Any

MAX_TEXT = 200
MAX_NUMBER_TEXT = 50


class InvalidAnswer(ValueError):
    """The answer does not fit the question: the page gets a 400 with this message."""


def _choice_id(value: Any, ids: set[int]) -> int:
    if isinstance(value, bool):
        raise InvalidAnswer("a choice must be given by its id")
    try:
        choice = int(value)
    except (TypeError, ValueError):
        raise InvalidAnswer(f"{value!r} is not a choice id") from None
    if choice not in ids:
        raise InvalidAnswer(f"{choice} is not one of this question's choices")
    return choice


def clean_answer(snapshot: dict, raw: Any) -> Any:
    """The stored form of ``raw`` for this question, or None for "no answer"."""
    if raw is None or raw == "" or raw == []:
        return None
    qtype = snapshot["type"]
    ids = {c["id"] for c in snapshot["choices"]}
    if qtype == "single":
        if isinstance(raw, list):
            if len(raw) != 1:
                raise InvalidAnswer("choose one answer")
            raw = raw[0]
        return _choice_id(raw, ids)
    if qtype in ("multi", "ordering"):
        if not isinstance(raw, list):
            raw = [raw]
        chosen = [_choice_id(v, ids) for v in raw]
        if len(set(chosen)) != len(chosen):
            raise InvalidAnswer("a choice appears more than once")
        if qtype == "ordering":
            if set(chosen) != ids:
                raise InvalidAnswer("an ordering must place every item exactly once")
            return chosen
        return sorted(chosen)
    if qtype == "true_false":
        if isinstance(raw, list) and len(raw) == 1:
            raw = raw[0]
        if isinstance(raw, bool):
            return raw
        if raw in ("true", "false"):
            return raw == "true"
        raise InvalidAnswer("answer true or false")
    if qtype in ("short", "numeric"):
        if isinstance(raw, list) and len(raw) == 1:
            raw = raw[0]
        if not isinstance(raw, str):
            raise InvalidAnswer("the answer must be text")
        limit = MAX_TEXT if qtype == "short" else MAX_NUMBER_TEXT
        if len(raw) > limit:
            raise InvalidAnswer(f"the answer is longer than {limit} characters")
        return raw if raw.strip() else None
    raise InvalidAnswer(f"unknown question type {qtype!r}")
