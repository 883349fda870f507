"""One canonical plain-data shape for bank entries, shared by the loader and the exporter.

The loader compares ``canonical_*(yaml entry)`` with ``*_to_dict(database row)`` to decide
whether anything changed; the exporter writes ``*_to_dict`` out. Keeping both sides on the
same shape is what makes load → export → load → export byte-identical.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from apps.questions.kinds import kind

QUIZ_DEFAULTS: dict[str, Any] = {
    "description": None,
    "mode": "exam",
    "time_limit_minutes": None,
    "when_time_expires": "autosubmit",
    "grace_minutes": 0,
    "open_at": None,
    "close_at": None,
    "shuffle_questions": True,
    "shuffle_choices": True,
    "attempts_allowed": 0,
    "grading_method": "highest",
    "pass_percent": 60,
    "review": "after_submit",
    "exam_only_pool": False,
}


def translated(value: dict | None) -> dict[str, str]:
    value = value or {}
    return {"ko": value.get("ko") or "", "en": value.get("en") or ""}


def canonical_topic(raw: dict) -> dict:
    return {"slug": raw["slug"], "name": translated(raw.get("name"))}


def canonical_question(raw: dict) -> dict:
    qtype = raw["type"]
    qkind = kind(qtype)
    out: dict[str, Any] = {
        "key": raw["key"],
        "topic": raw["topic"],
        "type": qtype,
        "difficulty": raw.get("difficulty", 2),
        "source": raw.get("source") or "",
        "status": raw.get("status", "published"),
        "stem": translated(raw.get("stem")),
    }
    if qkind.has_choices:
        out["choices"] = [
            {
                "text": translated(c.get("text")),
                **({"correct": True} if c.get("correct") and qkind.marks_correct else {}),
                "feedback": translated(c.get("feedback")),
            }
            for c in raw.get("choices") or []
        ]
    else:
        out["answer"] = qkind.canonical_answer(raw.get("answer"))
    if qkind.takes_all_or_nothing and raw.get("all_or_nothing"):
        out["all_or_nothing"] = True
    out["explanation"] = translated(raw.get("explanation"))
    if raw.get("exam_only"):
        out["exam_only"] = True
    demo = raw.get("demo")
    if demo and demo.get("slug"):
        out["demo"] = {
            "slug": demo["slug"],
            **({"params": dict(sorted(demo["params"].items()))} if demo.get("params") else {}),
        }
    return out


def iso_utc(value: Any) -> str | None:
    """Date-times as UTC ISO text, so +09:00 in YAML and UTC in the database compare equal."""
    if value is None:
        return None
    if not isinstance(value, datetime):
        value = datetime.fromisoformat(str(value))
    return value.astimezone(UTC).isoformat()


def canonical_quiz(raw: dict) -> dict:
    out: dict[str, Any] = {"key": raw["key"], "title": translated(raw.get("title"))}
    for field, default in QUIZ_DEFAULTS.items():
        value = raw.get(field, default)
        if field == "description":
            value = translated(value) if value else None
        elif field in ("open_at", "close_at"):
            value = iso_utc(value)
        out[field] = value
    out["slots"] = [
        {"question": s["question"]}
        if "question" in s
        else {"random": {"topic": s["random"]["topic"], "count": s["random"]["count"]}}
        for s in raw["slots"]
    ]
    return {k: v for k, v in out.items() if v is not None or k == "time_limit_minutes"}
