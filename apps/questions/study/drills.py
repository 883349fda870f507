""" "Drill my weakest topics": 15 questions from the topics with the lowest mastery, up to 5 per
topic weakest first (then filled up from the weakest topics again when there are few topics),
preferring questions the student has not seen recently (never seen first). Pure: the selector
feeds it (study.selectors.drill_question_ids), the calibration benchmark too."""

from __future__ import annotations

from apps.questions.study.estimates import Mastery

DRILL_SIZE = 15
PER_TOPIC = 5


def weakest_first(masteries: dict[int, Mastery]) -> list[int]:
    """Topic ids by mastery, lowest first; among equals, the one with less evidence."""
    return sorted(masteries, key=lambda t: (masteries[t].mean, masteries[t].answers, t))


def assemble(queues: list[list[int]]) -> list[int]:
    """From per-topic queues (weakest topic first, each freshest question first): the drill."""
    picked = [q for queue in queues for q in queue[:PER_TOPIC]][:DRILL_SIZE]
    rest = [q for queue in queues for q in queue[PER_TOPIC:]]
    return picked + rest[: DRILL_SIZE - len(picked)]
