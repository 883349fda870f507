from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.questions import selectors, services
from apps.questions.models import Quiz


def home(request):
    services.sync_open_attempts(user=request.user, now=timezone.now())
    quizzes = selectors.visible_quizzes()
    standings = selectors.quiz_standings(request.user, quizzes)
    return render(
        request,
        "questions/home.html",
        {
            "domains": selectors.domain_summaries(),
            "quizzes": [(quiz, selectors.quiz_question_count(quiz), standings.get(quiz.id)) for quiz in quizzes],
        },
    )


def _visible(user, quizzes):
    """Students see published quizzes only; staff also open drafts, to try them before publishing."""
    return quizzes if user.is_staff else quizzes.filter(published=True)


def quiz_detail(request, key):
    quiz = get_object_or_404(_visible(request.user, Quiz.objects.prefetch_related("slots")), key=key)
    services.sync_open_attempts(user=request.user, now=timezone.now())
    attempts = list(quiz.attempts.filter(user=request.user)) if request.user.is_authenticated else []
    standing = selectors.quiz_standings(request.user, [quiz]).get(quiz.id)
    allowed = services.time_allowed(request.user, quiz)
    return render(
        request,
        "questions/quiz_detail.html",
        {
            "quiz": quiz,
            "count": selectors.quiz_question_count(quiz),
            "attempts": attempts,
            "show_marks": quiz.marks_shown(timezone.now()),
            "standing": standing,
            # Shown to a student granted extra time (WCAG 2.2.1: they see the limit they really have).
            "your_minutes": allowed // timedelta(minutes=1)
            if allowed and allowed.total_seconds() > 60 * quiz.time_limit_minutes
            else None,
            "attempts_left": (quiz.attempts_allowed - len(attempts)) if quiz.attempts_allowed else None,
        },
    )


@login_required
@require_POST
def start(request, key):
    quiz = get_object_or_404(_visible(request.user, Quiz.objects.all()), key=key)
    try:
        attempt = services.start_attempt(user=request.user, quiz=quiz, now=timezone.now())
    except services.NotAllowed as exc:
        messages.error(request, str(exc))
        return redirect("quiz-detail", key=quiz.key)
    return redirect("attempt-question", attempt_id=attempt.pk, position=1)
