"""Write the database's bank back to YAML in the loader's format, deterministically."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from apps.questions.bank.canonical import QUIZ_DEFAULTS, iso_utc
from apps.questions.kinds import kind
from apps.questions.models import Question, Quiz, Topic


def _translated(obj: Any, field: str) -> dict[str, str]:
    return {"ko": getattr(obj, f"{field}_ko") or "", "en": getattr(obj, f"{field}_en") or ""}


def topic_to_dict(topic: Topic) -> dict:
    return {"slug": topic.slug, "name": _translated(topic, "name")}


def question_to_dict(question: Question) -> dict:
    qkind = kind(question.type)
    out: dict[str, Any] = {
        "key": question.key,
        "topic": question.topic.slug,
        "type": question.type,
        "difficulty": question.difficulty,
        "source": question.source,
        "status": question.status,
        "stem": _translated(question, "stem"),
    }
    if qkind.has_choices:
        out["choices"] = [
            {
                "text": _translated(choice, "text"),
                **({"correct": True} if choice.is_correct and qkind.marks_correct else {}),
                "feedback": _translated(choice, "feedback"),
            }
            for choice in question.choices.all()
        ]
    else:
        out["answer"] = qkind.canonical_answer(question.answer)
    if qkind.takes_all_or_nothing and question.all_or_nothing:
        out["all_or_nothing"] = True
    out["explanation"] = _translated(question, "explanation")
    if question.exam_only:
        out["exam_only"] = True
    if question.demo_slug:
        # Sorted: PostgreSQL's jsonb does not keep key order, and the export must not depend on the database.
        out["demo"] = {
            "slug": question.demo_slug,
            **({"params": dict(sorted(question.demo_params.items()))} if question.demo_params else {}),
        }
    return out


def quiz_to_dict(quiz: Quiz) -> dict:
    out: dict[str, Any] = {"key": quiz.key, "title": _translated(quiz, "title")}
    for field in QUIZ_DEFAULTS:
        if field == "description":
            value = _translated(quiz, "description") if quiz.description_ko or quiz.description_en else None
        elif field in ("open_at", "close_at"):
            value = iso_utc(getattr(quiz, field))
        else:
            value = getattr(quiz, field)
        out[field] = value
    out["slots"] = [
        {"question": slot.question.key}
        if slot.question_id
        else {"random": {"topic": slot.topic.slug, "count": slot.count}}
        for slot in quiz.slots.all()
    ]
    return {k: v for k, v in out.items() if v is not None or k == "time_limit_minutes"}


class _BankDumper(yaml.SafeDumper):
    """Block style, Korean kept readable, multi-line text as literal blocks."""


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_BankDumper.add_representer(str, _str_representer)


def dump_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_BankDumper, allow_unicode=True, sort_keys=False, width=100, indent=2)


def bank_documents() -> dict[str, dict]:
    """File name → document, one per domain."""
    documents: dict[str, dict] = {}
    topics = list(Topic.objects.order_by("position", "slug"))
    questions = Question.objects.select_related("topic").prefetch_related("choices").order_by("position", "key")
    by_domain: dict[str, list[Question]] = {}
    for question in questions:
        by_domain.setdefault(question.topic.domain_slug, []).append(question)
    for topic in topics:
        if topic.parent_id is None:
            domain = topic.slug
            documents[f"{domain}.yaml"] = {
                "topics": [topic_to_dict(t) for t in topics if t.domain_slug == domain],
                "questions": [question_to_dict(q) for q in by_domain.get(domain, [])],
            }
    return documents


def quiz_document() -> dict:
    quizzes = Quiz.objects.prefetch_related("slots__question", "slots__topic").order_by("position", "key")
    return {"quizzes": [quiz_to_dict(q) for q in quizzes]}


def export(out_dir: Path) -> list[Path]:
    """Write ``questions/<domain>.yaml`` and ``quizzes.yaml`` under ``out_dir``."""
    written = []
    (out_dir / "questions").mkdir(parents=True, exist_ok=True)
    for name, document in bank_documents().items():
        path = out_dir / "questions" / name
        path.write_text(dump_yaml(document), encoding="utf-8")
        written.append(path)
    path = out_dir / "quizzes.yaml"
    path.write_text(dump_yaml(quiz_document()), encoding="utf-8")
    written.append(path)
    return written
