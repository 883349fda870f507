"""The attempt pages: parse the request, call a service, render. No rules live here."""

import json
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from apps.questions import answer_files, presenters, review, selectors, services, timing
from apps.questions.answers import InvalidAnswer
from apps.questions.models import Attempt, Response


def _synced(request, attempt_id) -> Attempt:
    attempt = selectors.attempt_for(request.user, attempt_id)
    return services.sync_state(attempt, now=timezone.now())


def _finished_redirect(request, attempt: Attempt):
    messages.info(request, _("This attempt is finished; here is its result."))
    return redirect("attempt-review", attempt_id=attempt.pk)


def _closed_json(attempt: Attempt) -> JsonResponse:
    attempt = services.sync_state(attempt, now=timezone.now())
    if attempt.is_finished:
        message = _("This attempt is finished: answers can no longer change.")
        target = reverse("attempt-review", args=[attempt.pk])
    elif attempt.state == Attempt.State.OVERDUE:
        message = _("Time is up: answers can no longer change, but you can still submit.")
        target = reverse("attempt-summary", args=[attempt.pk])
    else:
        message = _("This question is locked.")
        target = None
    return JsonResponse({"error": message, "state": attempt.state, "redirect": target}, status=409)


def _deadline_ms(attempt: Attempt) -> int | None:
    return int(attempt.deadline.timestamp() * 1000) if attempt.deadline else None


@never_cache
@login_required
def question(request, attempt_id, position):
    attempt = _synced(request, attempt_id)
    if attempt.is_finished:
        return _finished_redirect(request, attempt)
    responses = list(attempt.responses.defer("snapshot"))
    if not 1 <= position <= len(responses):
        raise Http404
    current = Response.objects.get(attempt=attempt, position=position)
    policy = attempt.policy(services.latency_allowance())
    shown = presenters.answer_view(current)
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "current": current,
        "q": shown,
        "answer": shown["answer"],
        "nav": presenters.navigator(responses, position),
        "position": position,
        "total": len(responses),
        "locked": attempt.state != Attempt.State.IN_PROGRESS or current.checked,
        "feedback": presenters.reviewed(current) if current.checked else None,
        "deadline_ms": _deadline_ms(attempt),
        "server_now_ms": int(timezone.now().timestamp() * 1000),
        "seconds_left": timing.seconds_left(policy, timezone.now()),
        # A timed attempt's page can save unsent answers as an encrypted file when time runs out.
        "answer_file": answer_files.page_context(attempt.pk) if attempt.deadline else None,
    }
    return render(request, "questions/attempt.html", context)


MAX_SEQ = 2**53 - 1  # the page counts in JavaScript numbers; the column is a 64-bit integer


@login_required
@require_POST
def save(request, attempt_id, position):
    try:
        payload = json.loads(request.body)
        seq = payload["seq"]
        answer = payload.get("answer")
        if type(seq) is not int or not 0 <= seq <= MAX_SEQ:  # not a bool, a float or a string
            raise ValueError(seq)
    except (ValueError, TypeError, KeyError):
        return JsonResponse(
            {"error": _("The save was not understood: send JSON with 'seq' and 'answer'."), "field": "seq"}, status=400
        )
    try:
        result = services.save_answer(
            user=request.user, attempt_id=attempt_id, position=position, answer=answer, seq=seq, now=timezone.now()
        )
    except Response.DoesNotExist:
        raise Http404 from None
    except InvalidAnswer as exc:
        return JsonResponse({"error": str(exc), "field": "answer"}, status=400)
    except services.AttemptClosed:
        return _closed_json(selectors.attempt_for(request.user, attempt_id))
    return JsonResponse(
        {
            "status": result.status,
            "seq": result.seq,
            "saved_at": result.saved_at.isoformat() if result.saved_at else None,
            "answered": result.answered,
            "server_time": int(timezone.now().timestamp() * 1000),
        }
    )


@login_required
@require_POST
def flag(request, attempt_id, position):
    attempt = selectors.attempt_for(request.user, attempt_id)
    try:
        response = services.set_flag(attempt=attempt, position=position, flagged=request.POST.get("flagged") == "1")
    except services.AttemptClosed:
        return HttpResponse(_("This attempt is finished: nothing can change."), status=409)
    except Response.DoesNotExist:
        raise Http404 from None
    item = presenters.navigator([response], None)[0]
    return render(request, "questions/_flag_response.html", {"attempt": attempt, "current": response, "item": item})


@login_required
@require_POST
def check(request, attempt_id, position):
    attempt = selectors.attempt_for(request.user, attempt_id)
    try:
        response = services.check_response(attempt=attempt, position=position, now=timezone.now())
    except services.AttemptClosed:
        return HttpResponse(_("This attempt no longer accepts answers."), status=409)
    except services.NotAllowed as exc:
        return HttpResponse(str(exc), status=400)
    except Response.DoesNotExist:
        raise Http404 from None
    item = presenters.navigator([response], position)[0]
    return render(
        request,
        "questions/_feedback_response.html",
        {"attempt": attempt, "feedback": presenters.reviewed(response), "item": item},
    )


@never_cache
@login_required
def summary(request, attempt_id):
    attempt = _synced(request, attempt_id)
    if attempt.is_finished:
        return _finished_redirect(request, attempt)
    responses = list(attempt.responses.defer("snapshot"))
    return render(
        request,
        "questions/summary.html",
        {
            "attempt": attempt,
            "quiz": attempt.quiz,
            "nav": presenters.navigator(responses, None),
            "unanswered": [r.position for r in responses if not r.is_answered],
            "flagged": [r.position for r in responses if r.flagged],
            "deadline_ms": _deadline_ms(attempt),
            "server_now_ms": int(timezone.now().timestamp() * 1000),
            "grace_end": attempt.deadline + timedelta(seconds=attempt.grace_seconds)
            if attempt.state == Attempt.State.OVERDUE
            else None,
        },
    )


@login_required
@require_POST
def submit(request, attempt_id):
    attempt = selectors.attempt_for(request.user, attempt_id)
    was_finished = attempt.is_finished
    attempt = services.submit(attempt, now=timezone.now())
    if was_finished:
        messages.info(request, _("This attempt was already finished; nothing changed."))
    return redirect("attempt-review", attempt_id=attempt.pk)


@never_cache
@login_required
def result(request, attempt_id):
    attempt = _synced(request, attempt_id)
    if not attempt.is_finished:
        return redirect("attempt-question", attempt_id=attempt.pk, position=1)
    responses = list(attempt.responses.all())
    full = review.review_allowed(
        review=attempt.quiz.review, finished=True, now=timezone.now(), close_at=attempt.quiz.close_at
    )
    return render(
        request,
        "questions/review.html",
        {
            "attempt": attempt,
            "quiz": attempt.quiz,
            "passed": presenters.passed(attempt),
            "breakdown": presenters.topic_breakdown(responses),
            "show_marks": attempt.quiz.marks_shown(timezone.now()),
            "items": [presenters.reviewed(r) for r in responses] if full else [],
            "missed": sum(1 for r in responses if r.score != 1 and r.question_id),
            "full_review": full,
            # Answers this device never got to the server can still be saved as an encrypted file.
            "answer_file": answer_files.page_context(attempt.pk) if attempt.deadline else None,
        },
    )
