"""Load bank and quiz YAML into the database: validate everything first, then upsert by key
in one transaction. A second run over the same files changes nothing."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from apps.questions.bank import schema
from apps.questions.bank.canonical import canonical_question, canonical_quiz, canonical_topic
from apps.questions.bank.exporter import question_to_dict, quiz_to_dict, topic_to_dict
from apps.questions.models import Choice, Question, Quiz, QuizSlot, Topic


class BankInvalid(Exception):
    def __init__(self, problems: list[schema.Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the bank:\n" + "\n".join(map(str, problems)))


@dataclass
class LoadReport:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return bool(sum(self.created.values()) + sum(self.updated.values()))

    def summary(self) -> str:
        kinds = sorted(set(self.created) | set(self.updated) | set(self.unchanged))
        return "; ".join(
            f"{kind}: {self.created[kind]} created, {self.updated[kind]} updated, {self.unchanged[kind]} unchanged"
            for kind in kinds
        )


def _read_yaml(path: Path, problems: list[schema.Problem]) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.append(schema.Problem(str(path), None, "file not found"))
    except yaml.YAMLError as exc:
        problems.append(schema.Problem(str(path), None, f"not valid YAML: {exc}"))
    return None


def parse(
    bank_files: list[Path], quiz_file: Path | None
) -> tuple[list[tuple[dict, int]], list[tuple[dict, int]], list[dict]]:
    """Read and validate; raise BankInvalid with every problem, or return canonical entries
    with their positions: (topics, questions, quizzes)."""
    problems: list[schema.Problem] = []
    parsed = [(str(path), _read_yaml(path, problems)) for path in bank_files]
    known_topics = set(Topic.objects.values_list("slug", flat=True))
    for _, data in parsed:
        known_topics |= schema.topic_slugs(data)

    topics: dict[str, dict] = {}
    questions: list[tuple[dict, int]] = []
    key_files: dict[str, str] = {}
    for file, data in parsed:
        if data is None and not any(p.file == file for p in problems):
            problems.append(schema.Problem(file, None, "file is empty"))
            continue
        file_problems, file_topics, file_questions = schema.check_bank_file(file, data, known_topics)
        problems += file_problems
        if file_problems:
            continue
        for topic in file_topics:
            entry = canonical_topic(topic)
            if topic["slug"] in topics and topics[topic["slug"]] != entry:
                problems.append(schema.Problem(file, topic["slug"], "topic declared twice with different names"))
            topics.setdefault(topic["slug"], entry)
        for position, q in enumerate(file_questions):
            if q["key"] in key_files:
                problems.append(schema.Problem(file, q["key"], f"duplicate key (also in {key_files[q['key']]})"))
                continue
            key_files[q["key"]] = file
            questions.append((canonical_question(q), position))

    quizzes: list[dict] = []
    if quiz_file is not None:
        data = _read_yaml(quiz_file, problems)
        if data is not None:
            known_questions = set(key_files) | set(Question.objects.values_list("key", flat=True))
            quiz_problems, raw_quizzes = schema.check_quiz_file(str(quiz_file), data, known_questions, known_topics)
            problems += quiz_problems
            if not quiz_problems:
                quizzes = [canonical_quiz(q) for q in raw_quizzes]
    if problems:
        raise BankInvalid(problems)
    return list(zip(topics.values(), range(len(topics)), strict=True)), questions, quizzes


def load(bank_files: list[Path], quiz_file: Path | None = None) -> LoadReport:
    """Validate all files, then write all of them or none (``load_bank`` finds them, default fixtures/)."""
    topics, questions, quizzes = parse(bank_files, quiz_file)
    report = LoadReport()
    with transaction.atomic():
        for entry, position in topics:
            _upsert_topic(entry, position, report)
        for entry, position in questions:
            _upsert_question(entry, position, report)
        for position, entry in enumerate(quizzes):
            _upsert_quiz(entry, position, report)
    return report


def _set_translated(obj: Any, field: str, value: dict[str, str]) -> None:
    for lang in ("ko", "en"):
        setattr(obj, f"{field}_{lang}", value[lang])


def _upsert_topic(entry: dict, position: int, report: LoadReport) -> None:
    topic = Topic.objects.filter(slug=entry["slug"]).first()
    if topic and topic_to_dict(topic) == entry and topic.position == position:
        report.unchanged["topics"] += 1
        return
    (report.updated if topic else report.created)["topics"] += 1
    topic = topic or Topic(slug=entry["slug"])
    _set_translated(topic, "name", entry["name"])
    topic.parent = Topic.objects.get(slug=entry["slug"].rsplit("/", 1)[0]) if "/" in entry["slug"] else None
    topic.position = position
    topic.save()


def _upsert_question(entry: dict, position: int, report: LoadReport) -> None:
    question = Question.objects.filter(key=entry["key"]).prefetch_related("choices").first()
    if question:
        same_content = question_to_dict(question) == entry
        if same_content and question.position == position:
            report.unchanged["questions"] += 1
            return
        report.updated["questions"] += 1
        if not same_content:
            question.version += 1
    else:
        report.created["questions"] += 1
        question = Question(key=entry["key"])
    question.topic = Topic.objects.get(slug=entry["topic"])
    question.type = entry["type"]
    question.difficulty = entry["difficulty"]
    question.source = entry["source"]
    question.status = entry["status"]
    _set_translated(question, "stem", entry["stem"])
    _set_translated(question, "explanation", entry["explanation"])
    question.answer = entry.get("answer")
    question.all_or_nothing = entry.get("all_or_nothing", False)
    question.exam_only = entry.get("exam_only", False)
    demo = entry.get("demo") or {}
    question.demo_slug = demo.get("slug", "")
    question.demo_params = demo.get("params", {})
    question.position = position
    question.save()
    _sync_choices(question, entry.get("choices", []))


def _sync_choices(question: Question, choices: list[dict]) -> None:
    """Update choices in place by position so their ids stay stable across edits."""
    existing = list(question.choices.order_by("position", "id"))
    for position, data in enumerate(choices):
        choice = existing[position] if position < len(existing) else Choice(question=question)
        _set_translated(choice, "text", data["text"])
        _set_translated(choice, "feedback", data["feedback"])
        choice.is_correct = data.get("correct", False)
        choice.position = position
        choice.save()
    for surplus in existing[len(choices) :]:
        surplus.delete()


def _upsert_quiz(entry: dict, position: int, report: LoadReport) -> None:
    quiz = Quiz.objects.filter(key=entry["key"]).prefetch_related("slots__question", "slots__topic").first()
    if quiz and quiz_to_dict(quiz) == entry and quiz.position == position:
        report.unchanged["quizzes"] += 1
        return
    (report.updated if quiz else report.created)["quizzes"] += 1
    quiz = quiz or Quiz(key=entry["key"])
    _set_translated(quiz, "title", entry["title"])
    _set_translated(quiz, "description", entry.get("description") or {"ko": "", "en": ""})
    for name in (
        "mode", "time_limit_minutes", "when_time_expires", "grace_minutes", "shuffle_questions",
        "shuffle_choices", "attempts_allowed", "grading_method", "pass_percent", "review",
        "exam_only_pool",
    ):  # fmt: skip
        setattr(quiz, name, entry[name])
    quiz.open_at = entry.get("open_at")
    quiz.close_at = entry.get("close_at")
    quiz.position = position
    quiz.save()
    quiz.slots.all().delete()
    QuizSlot.objects.bulk_create(
        QuizSlot(quiz=quiz, position=i, question=Question.objects.get(key=slot["question"]))
        if "question" in slot
        else QuizSlot(
            quiz=quiz, position=i, topic=Topic.objects.get(slug=slot["random"]["topic"]), count=slot["random"]["count"]
        )
        for i, slot in enumerate(entry["slots"])
    )
