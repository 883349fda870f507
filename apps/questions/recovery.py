"""Recovering an attempt from an encrypted answer file, as an instructor does in the admin.

The server trusts only what it can check. The file opens only for its attempt (answer_files). An
answer in it counts only if the student's device dated it no later than the moment the attempt
closed (its deadline, or its submission), only if its sequence number is newer than what the
server holds (a save that did arrive always wins over the file), and only if it is a valid answer.
The attempt is then graded as finishing would grade it, and an AnswerRecovery row records who
applied which file when, and what became of every answer in it.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from django.db import transaction
from django.utils.translation import gettext as _

from apps.questions import answer_files, grading, services
from apps.questions.answer_files import AnswerFileError, FileAnswer
from apps.questions.answers import InvalidAnswer, clean_answer
from apps.questions.models import AnswerRecovery, Attempt, Response
from apps.questions.tokens import attempt_tokens

APPLIED = "applied"
# Why an answer was not applied.
STALE = "stale"  # the server holds this answer or a newer one
LATE = "late"  # dated after the attempt closed
UNDATED = "undated"
INVALID = "invalid"
CHECKED = "checked"  # practice mode: checked and locked
NO_QUESTION = "no_question"


class StillRunning(AnswerFileError):
    """The attempt is still open for answers: the student's own page will send them."""


def _when(ms: int | None) -> datetime | None:
    return datetime.fromtimestamp(ms / 1000, tz=UTC) if ms is not None else None


def _judge(item: FileAnswer, response: Response | None, closed_at: datetime, attempt_id: int):
    """(outcome, detail, the stored form of the answer if it is to be applied)."""
    if response is None:
        return NO_QUESTION, "", None
    made = _when(item.at_ms)
    if made is None:
        return UNDATED, "", None
    if made > closed_at:
        return LATE, f"{made.isoformat()} > {closed_at.isoformat()}", None
    if response.checked:
        return CHECKED, "", None
    if item.seq <= response.seq:
        return STALE, f"seq {item.seq} <= {response.seq}", None
    try:
        cleaned = clean_answer(response.snapshot, item.answer, attempt_tokens(attempt_id, response.snapshot).decode)
    except InvalidAnswer as exc:
        return INVALID, str(exc), None
    return APPLIED, "", cleaned


def recover(*, attempt_id: int, data: bytes, by, now: datetime) -> AnswerRecovery:
    """Apply an answer file to a closed attempt and grade it; raises AnswerFileError (and changes
    nothing) if the file is not a sound answer file for this attempt."""
    content = answer_files.read(data, attempt_id)
    attempt = services.sync_state(Attempt.objects.get(pk=attempt_id), now=now)
    if attempt.state == Attempt.State.IN_PROGRESS:
        raise StillRunning(_("This attempt is still open: the student's page sends these answers itself when online."))
    with transaction.atomic():
        attempt = Attempt.objects.select_for_update().get(pk=attempt_id)
        closed_at = attempt.finished_at if attempt.is_finished else attempt.deadline
        responses = {r.position: r for r in Response.objects.select_for_update().filter(attempt_id=attempt_id)}
        outcomes, changed = [], {}
        # Lowest seq first, so that of two entries for one question the newer one ends up stored.
        for item in sorted(content.answers, key=lambda a: (a.position, a.seq)):
            response = responses.get(item.position)
            outcome, detail, cleaned = _judge(item, response, closed_at, attempt_id)
            if outcome == APPLIED:
                response.answer, response.seq, response.saved_at = cleaned, item.seq, now
                changed[response.pk] = response
            made = _when(item.at_ms)
            outcomes.append({
                "position": item.position, "seq": item.seq, "at": made.isoformat() if made else None,
                "outcome": outcome, "detail": detail,
            })  # fmt: skip
        Response.objects.bulk_update(changed.values(), ["answer", "seq", "saved_at"])
        score_before = attempt.score
        if not attempt.is_finished:  # overdue: it ends at its deadline, as when time runs out
            services.finish(attempt.pk, finished_at=attempt.deadline, ending=Attempt.Ending.TIME_UP)
        elif changed:  # finished: grade again what changed (the study schedule keeps its first grading)
            for response in changed.values():
                response.score = grading.grade(response.snapshot, response.answer)
            Response.objects.bulk_update(changed.values(), ["score"])
            total = sum(r.score or 0 for r in responses.values())
            Attempt.objects.filter(pk=attempt.pk).update(score=total)
        applied = sum(o["outcome"] == APPLIED for o in outcomes)
        return AnswerRecovery.objects.create(
            attempt=attempt,
            recovered_by=by,
            recovered_at=now,
            file_sha256=hashlib.sha256(data).hexdigest(),
            file_made_at=_when(content.made_at_ms),
            applied=applied,
            rejected=len(outcomes) - applied,
            outcomes=outcomes,
            score_before=score_before,
            score_after=Attempt.objects.values_list("score", flat=True).get(pk=attempt.pk),
        )
