"""/study/ (reviews due, the review session, drills, the exam date), "retry the ones I missed", /progress/."""

from django import forms
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from apps.questions import selectors, services
from apps.questions.study import charts, estimates, progress, recording, spacing
from apps.questions.study import selectors as study_selectors
from apps.questions.study import services as study_services


class ExamDateForm(forms.Form):
    exam_date = forms.DateField(
        label=_("Exam date"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty if you have no date yet."),
    )  # fmt: skip

    def clean_exam_date(self):
        value = self.cleaned_data["exam_date"]
        if value and value < timezone.localdate():
            raise forms.ValidationError(_("The exam date cannot be in the past."))
        return value


def _study_page(request, form: ExamDateForm, status: int = 200):
    now = timezone.now()
    user = request.user
    recording.record_released(user=user, now=now)
    start = recording.exam_start(user.pk)
    days_left = (start - now).total_seconds() / 86400 if start and start > now else None
    exam = study_selectors.exam_date(user)
    context = {
        "due": study_selectors.due_count(user, now=now),
        "held": study_selectors.held_count(user),
        "after_exam": study_selectors.after_exam_count(user, start) if days_left is not None else 0,
        "exam_date": exam,
        "days_left": (exam - timezone.localdate()).days if exam else None,
        "retention": spacing.desired_retention(days_left) * 100,
        "form": form,
    }
    return render(request, "questions/study.html", context, status=status)


@never_cache
@login_required
def study(request):
    return _study_page(request, ExamDateForm(initial={"exam_date": study_selectors.exam_date(request.user)}))


@login_required
@require_POST
def exam_date(request):
    form = ExamDateForm(request.POST)
    if not form.is_valid():
        return _study_page(request, form, status=400)
    study_services.set_exam_date(user=request.user, exam_date=form.cleaned_data["exam_date"])
    messages.success(request, _("Exam date saved."))
    return redirect("study")


def _start(request, start, **kwargs):
    try:
        attempt = start(user=request.user, now=timezone.now(), **kwargs)
    except services.NotAllowed as exc:
        messages.info(request, str(exc))
        return redirect("study")
    return redirect("attempt-question", attempt_id=attempt.pk, position=1)


@login_required
@require_POST
def start_review(request):
    return _start(request, study_services.start_review)


@login_required
@require_POST
def start_drill(request):
    return _start(request, study_services.start_drill)


@login_required
@require_POST
def retry_missed(request, attempt_id):
    attempt = selectors.attempt_for(request.user, attempt_id)
    return _start(request, study_services.start_retry, attempt=attempt)


def _progress_page(request, student):
    now = timezone.now()
    recording.record_released(user=student, now=now)
    report = progress.progress(student, now=now)
    scores = charts.line([(progress.local_label(a.finished_at), a.percent) for a in report.mock_scores])
    due_bars = charts.bars([(day.strftime("%m-%d"), n) for day, n in report.due_days])
    context = {
        "student": student,
        "own": student == request.user,
        "report": report,
        "score_points": list(zip(scores, report.mock_scores, strict=True)),
        "score_line": charts.polyline(scores),
        "pass_y": charts.level(report.readiness.quiz.pass_percent) if report.readiness else None,
        "grid": [(v, charts.level(v)) for v in (0, 50, 100)],
        "due_bars": due_bars,
        "due_top": charts.nice_top([n for _, n in report.due_days]),
        "due_total": sum(n for _, n in report.due_days),
        "chart": {"width": charts.WIDTH, "height": charts.HEIGHT, "left": charts.PAD_LEFT, "base": charts.level(0)},
        "half_life": estimates.HALF_LIFE_DAYS,
        "prior_answers": estimates.PRIOR_ANSWERS,
    }
    return render(request, "questions/progress.html", context)


@never_cache
@login_required
def my_progress(request):
    return _progress_page(request, request.user)


@never_cache
@staff_member_required
def student_progress(request, user_id):
    """Instructors: a student's progress page, read-only (it has no forms)."""
    return _progress_page(request, get_object_or_404(get_user_model(), pk=user_id))
