"""Validation of parsed bank and quiz files. Pure functions over plain data: no database.

Every problem is reported with its file and question (or quiz) key, so an author can fix a
whole batch in one pass. Nothing here writes; the loader only writes when this finds nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from apps.demos.manifest import link_problems
from apps.questions.kinds import KINDS

LANGS = ("ko", "en")
STATUSES = ("published", "draft")
TOPIC_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)?$")
KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

QUESTION_FIELDS = (
    "key", "topic", "type", "difficulty", "source", "status", "stem", "choices",
    "all_or_nothing", "answer", "explanation", "demo", "exam_only",
)  # fmt: skip
CHOICE_FIELDS = ("text", "correct", "feedback")
QUIZ_FIELDS = (
    "key", "title", "description", "mode", "time_limit_minutes", "when_time_expires",
    "grace_minutes", "open_at", "close_at", "shuffle_questions", "shuffle_choices",
    "attempts_allowed", "grading_method", "pass_percent", "review", "exam_only_pool", "slots",
)  # fmt: skip
QUIZ_CHOICES = {
    "mode": ("exam", "practice"),
    "when_time_expires": ("autosubmit", "graceperiod"),
    "grading_method": ("highest", "average", "first", "last"),
    "review": ("after_submit", "after_close", "never"),
}


@dataclass(frozen=True)
class Problem:
    file: str
    key: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.key}" if self.key else self.file
        return f"{where}: {self.message}"


class _Collector:
    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []

    def add(self, key: str | None, message: str) -> None:
        self.problems.append(Problem(self.file, key, message))


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _check_translated(out: _Collector, key: str | None, label: str, value: Any, *, required: bool = True) -> None:
    if value is None and not required:
        return
    if not isinstance(value, dict):
        out.add(key, f"{label} must be a mapping with 'ko' and 'en' text")
        return
    unknown = set(value) - set(LANGS)
    if unknown:
        out.add(key, f"{label} has unknown language(s) {sorted(unknown)}")
    if not _is_text(value.get("ko")):
        out.add(key, f"{label} is missing its Korean text (ko)")
    if "en" in value and value["en"] is not None and not isinstance(value["en"], str):
        out.add(key, f"{label}.en must be text")


def _check_choices(out: _Collector, key: str, qtype: str, choices: Any) -> None:
    qkind = KINDS[qtype]
    if qkind.has_choices and not isinstance(choices, list):
        out.add(key, f"{qtype} needs a list of choices")
        return
    choices = choices or []
    flags = []
    for i, choice in enumerate(choices, 1):
        label = f"choice {i}"
        if not isinstance(choice, dict):
            out.add(key, f"{label} must be a mapping")
            continue
        if unknown := set(choice) - set(CHOICE_FIELDS):
            out.add(key, f"{label} has unknown field(s) {sorted(unknown)}")
        _check_translated(out, key, f"{label} text", choice.get("text"))
        _check_translated(out, key, f"{label} feedback", choice.get("feedback"))
        flag = choice.get("correct", False)
        if not isinstance(flag, bool):
            out.add(key, f"{label} 'correct' must be true or false")
        flags.append(flag is True)
    for message in qkind.choice_problems(flags):
        out.add(key, message)


def _field_problems(q: dict, known_topics: set[str]) -> list[str]:
    """The fields every question has, whatever its type."""
    unknown = set(q) - set(QUESTION_FIELDS)
    qtype, difficulty, flag = q.get("type"), q.get("difficulty", 2), q.get("all_or_nothing", False)
    checks = [
        (unknown, f"unknown field(s) {sorted(unknown)}"),
        (q.get("topic") not in known_topics, f"unknown topic {q.get('topic')!r}"),
        (qtype not in KINDS, f"unknown type {qtype!r} (one of {', '.join(KINDS)})"),
        (difficulty not in (1, 2, 3) or isinstance(difficulty, bool), "difficulty must be 1, 2 or 3"),
        (q.get("status", "published") not in STATUSES, f"status must be one of {', '.join(STATUSES)}"),
        ("source" in q and not isinstance(q["source"], str), "source must be text"),
        (not isinstance(flag, bool), "all_or_nothing must be true or false"),
        (not isinstance(q.get("exam_only", False), bool), "exam_only must be true or false"),
        (flag is True and qtype in KINDS and not KINDS[qtype].takes_all_or_nothing,
         "all_or_nothing applies to multi questions only"),
    ]  # fmt: skip
    return [message for failed, message in checks if failed]


def _demo_problems(demo: Any) -> list[str]:
    if demo is None:
        return []
    if not isinstance(demo, dict) or set(demo) - {"slug", "params"}:
        return ["demo must be {slug: ..., params: {...}}"]
    return link_problems(demo.get("slug"), demo.get("params"))


def check_question(out: _Collector, q: Any, known_topics: set[str]) -> None:
    if not isinstance(q, dict):
        out.add(None, "each question must be a mapping")
        return
    key = q.get("key")
    if not isinstance(key, str) or not KEY.match(key):
        out.add(str(key) if key else None, "key must be lowercase letters, digits and '-'")
        key = str(key)
    _check_translated(out, key, "stem", q.get("stem"))
    _check_translated(out, key, "explanation", q.get("explanation"))
    problems = _field_problems(q, known_topics) + _demo_problems(q.get("demo"))
    if q.get("type") in KINDS:
        _check_choices(out, key, q["type"], q.get("choices"))
        problems += KINDS[q["type"]].answer_problems(q.get("answer"))
    for message in problems:
        out.add(key, message)


def check_bank_file(file: str, data: Any, known_topics: set[str]) -> tuple[list[Problem], list[dict], list[dict]]:
    """Validate one parsed bank file. ``known_topics`` must already hold every topic slug of
    the whole load (all files) plus those in the database. Returns problems, topics, questions."""
    out = _Collector(file)
    if not isinstance(data, dict):
        out.add(None, "a bank file must be a mapping with 'topics' and 'questions'")
        return out.problems, [], []
    if unknown := set(data) - {"topics", "questions"}:
        out.add(None, f"unknown top-level field(s) {sorted(unknown)}")
    topics = data.get("topics") or []
    questions = data.get("questions") or []
    if not isinstance(topics, list) or not isinstance(questions, list):
        out.add(None, "'topics' and 'questions' must be lists")
        return out.problems, [], []
    for topic in topics:
        slug = topic.get("slug") if isinstance(topic, dict) else None
        if not isinstance(slug, str) or not TOPIC_SLUG.match(slug):
            out.add(str(slug), "topic slug must look like 'domain' or 'domain/topic'")
            continue
        if unknown := set(topic) - {"slug", "name"}:
            out.add(slug, f"unknown topic field(s) {sorted(unknown)}")
        _check_translated(out, slug, "topic name", topic.get("name"))
        if "/" in slug and slug.split("/")[0] not in known_topics:
            out.add(slug, f"topic's domain {slug.split('/')[0]!r} is not declared")
    for q in questions:
        check_question(out, q, known_topics)
    return out.problems, topics, questions


def topic_slugs(data: Any) -> set[str]:
    """Topic slugs declared in a parsed bank file, tolerating malformed input."""
    if not isinstance(data, dict) or not isinstance(data.get("topics"), list):
        return set()
    return {t["slug"] for t in data["topics"] if isinstance(t, dict) and isinstance(t.get("slug"), str)}


def _check_datetime(out: _Collector, key: str, label: str, value: Any) -> None:
    if value is None:
        return
    try:
        parsed = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        out.add(key, f"{label} must be an ISO date-time with its UTC offset, such as 2026-12-01T09:00:00+09:00")


def check_quiz_file(
    file: str, data: Any, known_questions: set[str], known_topics: set[str]
) -> tuple[list[Problem], list[dict]]:
    out = _Collector(file)
    if not isinstance(data, dict) or not isinstance(data.get("quizzes"), list):
        out.add(None, "a quiz file must be a mapping with a 'quizzes' list")
        return out.problems, []
    seen: set[str] = set()
    for quiz in data["quizzes"]:
        if not isinstance(quiz, dict):
            out.add(None, "each quiz must be a mapping")
            continue
        key = quiz.get("key")
        if not isinstance(key, str) or not KEY.match(key):
            out.add(str(key), "quiz key must be lowercase letters, digits and '-'")
            key = str(key)
        if key in seen:
            out.add(key, "duplicate quiz key")
        seen.add(key)
        if unknown := set(quiz) - set(QUIZ_FIELDS):
            out.add(key, f"unknown field(s) {sorted(unknown)}")
        _check_translated(out, key, "title", quiz.get("title"))
        _check_translated(out, key, "description", quiz.get("description"), required=False)
        for field, allowed in QUIZ_CHOICES.items():
            if field in quiz and quiz[field] not in allowed:
                out.add(key, f"{field} must be one of {', '.join(allowed)}")
        limit = quiz.get("time_limit_minutes")
        if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool) or limit < 1):
            out.add(key, "time_limit_minutes must be a whole number ≥ 1, or null for untimed")
        for field in ("grace_minutes", "attempts_allowed"):
            value = quiz.get(field, 0)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                out.add(key, f"{field} must be a whole number ≥ 0")
        pass_percent = quiz.get("pass_percent", 60)
        if not isinstance(pass_percent, int) or isinstance(pass_percent, bool) or not 0 <= pass_percent <= 100:
            out.add(key, "pass_percent must be a whole number from 0 to 100")
        for field in ("shuffle_questions", "shuffle_choices", "exam_only_pool"):
            if not isinstance(quiz.get(field, True), bool):
                out.add(key, f"{field} must be true or false")
        if quiz.get("exam_only_pool") is True and quiz.get("mode", "exam") != "exam":
            out.add(key, "exam_only_pool needs mode: exam (practice never draws exam-only questions)")
        _check_datetime(out, key, "open_at", quiz.get("open_at"))
        _check_datetime(out, key, "close_at", quiz.get("close_at"))
        slots = quiz.get("slots")
        if not isinstance(slots, list) or not slots:
            out.add(key, "a quiz needs at least one slot")
            continue
        for i, slot in enumerate(slots, 1):
            if isinstance(slot, dict) and set(slot) == {"question"}:
                if slot["question"] not in known_questions:
                    out.add(key, f"slot {i}: unknown question {slot['question']!r}")
            elif isinstance(slot, dict) and set(slot) == {"random"} and isinstance(slot["random"], dict):
                spec = slot["random"]
                if set(spec) != {"topic", "count"}:
                    out.add(key, f"slot {i}: random needs exactly 'topic' and 'count'")
                    continue
                if spec["topic"] not in known_topics:
                    out.add(key, f"slot {i}: unknown topic {spec['topic']!r}")
                if not isinstance(spec["count"], int) or isinstance(spec["count"], bool) or spec["count"] < 1:
                    out.add(key, f"slot {i}: count must be a whole number ≥ 1")
            else:
                out.add(key, f"slot {i}: must be {{question: key}} or {{random: {{topic: slug, count: n}}}}")
    return out.problems, data["quizzes"]
