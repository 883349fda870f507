"""What a student saw: a frozen, plain-data copy of a question at the moment it was drawn.

Attempts keep these snapshots, so later edits to the bank never change a running or finished
attempt. A snapshot reaches a page only through its kind's ``public_view`` (no key, feedback
or explanation) until review allows ``review_view``.
"""

from __future__ import annotations

import random
from typing import Any

from apps.questions.kinds import kind
from apps.questions.models import Question


def _both(obj: Any, field: str) -> dict[str, str]:
    return {"ko": getattr(obj, f"{field}_ko") or "", "en": getattr(obj, f"{field}_en") or ""}


def snapshot_question(question: Question, *, shuffle_choices: bool = False, rng: random.Random | None = None) -> dict:
    qkind = kind(question.type)
    choices = list(question.choices.all())
    shown = qkind.shown_order(choices, shuffle=shuffle_choices, rng=rng or random.Random())
    return {
        "question_id": question.id,
        "key": question.key,
        "version": question.version,
        "type": question.type,
        "topic": question.topic.slug,
        "topic_name": _both(question.topic, "name"),
        "difficulty": question.difficulty,
        "source": question.source,
        "stem": _both(question, "stem"),
        "choices": [{"id": c.id, "text": _both(c, "text"), "feedback": _both(c, "feedback")} for c in shown],
        "key_data": qkind.key_data(question.answer, [(c.id, c.is_correct) for c in choices]),
        "all_or_nothing": question.all_or_nothing,
        "explanation": _both(question, "explanation"),
        "demo": {"slug": question.demo_slug, "params": question.demo_params} if question.demo_slug else None,
    }
