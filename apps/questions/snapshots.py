"""What a student saw: a frozen, plain-data copy of a question at the moment it was drawn.

Attempts keep these snapshots, so later edits to the bank never change a running or finished
attempt. ``public_view`` is the only way a snapshot reaches a page before review: it drops
the key, the feedback and the explanation.
"""

from __future__ import annotations

import random
from typing import Any

from apps.questions.models import Question

KEY_FIELDS = ("key_data", "explanation", "feedback")


def _both(obj: Any, field: str) -> dict[str, str]:
    return {"ko": getattr(obj, f"{field}_ko") or "", "en": getattr(obj, f"{field}_en") or ""}


def pick(text: dict[str, str], lang: str) -> str:
    return text.get(lang) or text.get("ko") or ""


def snapshot_question(question: Question, *, shuffle_choices: bool = False, rng: random.Random | None = None) -> dict:
    choices = list(question.choices.all())
    shown = list(choices)
    # Ordering questions are always shown shuffled: their stored order is the answer.
    if shuffle_choices or question.type == Question.Type.ORDERING:
        (rng or random.Random()).shuffle(shown)
    if question.type == Question.Type.SINGLE or question.type == Question.Type.MULTI:
        key_data: dict[str, Any] = {"correct": [c.id for c in choices if c.is_correct]}
    elif question.type == Question.Type.ORDERING:
        key_data = {"order": [c.id for c in choices]}
    elif question.type == Question.Type.TRUE_FALSE:
        key_data = {"value": bool(question.answer)}
    elif question.type == Question.Type.SHORT:
        answer = question.answer or {}
        key_data = {"accepted": list(answer.get("ko", [])) + list(answer.get("en", []))}
    else:
        key_data = {"value": question.answer["value"], "tolerance": question.answer.get("tolerance", 0)}
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
        "key_data": key_data,
        "all_or_nothing": question.all_or_nothing,
        "explanation": _both(question, "explanation"),
        "demo": {"slug": question.demo_slug, "params": question.demo_params} if question.demo_slug else None,
    }


def public_view(snapshot: dict, lang: str) -> dict:
    """The question as shown while answering: stem and options, nothing that gives the key away."""
    return {
        "type": snapshot["type"],
        "stem": pick(snapshot["stem"], lang),
        "topic_name": pick(snapshot["topic_name"], lang),
        "choices": [{"id": c["id"], "text": pick(c["text"], lang)} for c in snapshot["choices"]],
    }


def review_view(snapshot: dict, lang: str) -> dict:
    """Everything, for review after submission (or for an instructor's preview)."""
    correct = set(snapshot["key_data"].get("correct", []))
    order = snapshot["key_data"].get("order", [])
    return {
        **public_view(snapshot, lang),
        "choices": [
            {
                "id": c["id"],
                "text": pick(c["text"], lang),
                "feedback": pick(c["feedback"], lang),
                "correct": c["id"] in correct,
                "rank": order.index(c["id"]) + 1 if c["id"] in order else None,
            }
            for c in snapshot["choices"]
        ],
        "correct_order": [pick(next(c["text"] for c in snapshot["choices"] if c["id"] == cid), lang) for cid in order],
        "key_data": snapshot["key_data"],
        "explanation": pick(snapshot["explanation"], lang),
        "source": snapshot["source"],
        "demo": snapshot["demo"],
    }
