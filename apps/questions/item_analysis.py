"""A quiz's item analysis report: reads graded responses and feeds statistics.py."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import IntegerField
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from apps.questions import statistics
from apps.questions.kinds.base import pick
from apps.questions.models import Attempt, Quiz, Response

WHICH_ATTEMPTS = ("first", "all")
FLAG_LABELS = {
    "too_hard": _("facility below 10 %"),
    "too_easy": _("facility above 95 %"),
    "negative_discrimination": _("negative discrimination"),
    "low_efficiency": _("discriminative efficiency below 15 %"),
    "dead_distractor": _("a wrong option nobody chose"),
}


@dataclass(frozen=True)
class ItemRow:
    stats: statistics.ItemStats
    question_id: int
    type: str
    stem: str
    random_guess_score: float | None
    options: list[statistics.OptionCount]
    versions: list[statistics.ItemStats]

    @property
    def flags(self) -> tuple[str, ...]:
        dead = statistics.has_dead_distractor(self.options, self.stats.attempts, self.type)
        return (*self.stats.flags, "dead_distractor") if dead else self.stats.flags

    @property
    def flag_labels(self) -> list[str]:
        return [FLAG_LABELS[flag] for flag in self.flags]


@dataclass(frozen=True)
class Report:
    quiz: Quiz
    which: str
    test: statistics.TestStats
    rows: list[ItemRow]

    @property
    def flagged(self) -> list[ItemRow]:
        return [row for row in self.rows if row.flags]


def chosen_attempts(quiz: Quiz, which: str) -> list[int]:
    """Finished attempts; ``first``: each student's earliest finished attempt only."""
    if which not in WHICH_ATTEMPTS:
        raise ValueError(f"which must be one of {WHICH_ATTEMPTS}, not {which!r}")
    finished = Attempt.objects.filter(quiz=quiz, state=Attempt.State.FINISHED).order_by("number")
    if which == "all":
        return list(finished.values_list("pk", flat=True))
    first: dict[int, int] = {}
    for pk, user_id in finished.values_list("pk", "user_id"):
        first.setdefault(user_id, pk)
    return list(first.values())


def build(quiz: Quiz, which: str = "first", lang: str = "ko") -> Report:
    responses = Response.objects.filter(
        attempt_id__in=chosen_attempts(quiz, which), score__isnull=False, question__isnull=False
    )
    # Small columns for every response; the full snapshot only for one response per question.
    # The version cast in SQL: a JSON decode per row would cost more than all the statistics.
    version = Cast(KT("snapshot__version"), IntegerField())
    rows = list(responses.values_list("id", "attempt_id", "position", "question_id", version, "score", "answer"))
    newest: dict[int, tuple[int, int]] = {}  # question id -> (version, a response showing it)
    for rid, _attempt, _position, qid, version, _score, _answer in rows:
        if qid not in newest or version > newest[qid][0]:
            newest[qid] = (version, rid)
    snapshots = {
        s["question_id"]: s
        for s in Response.objects.filter(pk__in=[rid for _version, rid in newest.values()]).values_list(
            "snapshot", flat=True
        )
    }
    key_of = {qid: s["key"] for qid, s in snapshots.items()}
    result = statistics.quiz_statistics(
        statistics.Cell(attempt, position, key_of[qid], version, score)
        for _id, attempt, position, qid, version, score, _answer in rows
    )
    answers: dict[int, list] = {}
    for *_ids, qid, _version, _score, answer in rows:
        answers.setdefault(qid, []).append(answer)
    by_key = {s["key"]: s for s in snapshots.values()}
    items = []
    for stats in sorted(result.items, key=lambda s: s.question):
        snapshot = by_key[stats.question]
        items.append(
            ItemRow(
                stats=stats,
                question_id=snapshot["question_id"],
                type=snapshot["type"],
                stem=pick(snapshot["stem"], lang),
                random_guess_score=statistics.random_guess_score(snapshot),
                options=statistics.option_counts(snapshot, answers[snapshot["question_id"]], lang),
                versions=result.versions.get(stats.question, []),
            )
        )
    return Report(quiz=quiz, which=which, test=result.test, rows=items)
