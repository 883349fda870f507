"""Class pages. Instructors see only their own classes; students only the classes they joined.
Anything else is a 404, so a class's existence does not leak either."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.classes.forms import AssignmentForm, ClassForm, JoinForm
from apps.classes.models import ClassGroup, Membership
from apps.classes.results import class_results, csv_rows
from apps.questions.models import Quiz


def is_instructor(user) -> bool:
    return user.is_authenticated and user.has_perm("classes.add_classgroup")


def _own_class(request, pk) -> ClassGroup:
    if not is_instructor(request.user):
        raise Http404
    return get_object_or_404(ClassGroup, pk=pk, instructor=request.user)


@login_required
def index(request, *, class_form=None, join_form=None, status=200):
    context = {
        "joined": request.user.class_groups.order_by("name").prefetch_related("assignments__quiz"),
        "join_form": join_form or JoinForm(),
    }
    if is_instructor(request.user):
        context["teaching"] = request.user.taught_classes.annotate(n_students=Count("memberships"))
        context["class_form"] = class_form or ClassForm()
    return render(request, "classes/index.html", context, status=status)


@login_required
@require_POST
def create(request):
    if not is_instructor(request.user):
        raise Http404
    form = ClassForm(request.POST)
    if not form.is_valid():
        return index(request, class_form=form, status=400)
    group = form.save(commit=False)
    group.instructor = request.user
    group.save()
    return redirect("class-detail", pk=group.pk)


@login_required
@require_POST
def join(request):
    form = JoinForm(request.POST)
    if not form.is_valid():
        return index(request, join_form=form, status=400)
    Membership.objects.get_or_create(class_group=form.group, student=request.user)
    messages.success(request, _("You joined %(name)s.") % {"name": form.group.name})
    return redirect("classes")


@login_required
def detail(request, pk, *, assignment_form=None, status=200):
    if is_instructor(request.user) and ClassGroup.objects.filter(pk=pk, instructor=request.user).exists():
        group = _own_class(request, pk)
        context = {
            "group": group,
            "owner": True,
            "students": group.students.order_by("username"),
            "assignments": group.assignments.select_related("quiz"),
            "form": assignment_form or AssignmentForm(group=group),
        }
        return render(request, "classes/detail.html", context, status=status)
    group = get_object_or_404(ClassGroup, pk=pk, memberships__student=request.user)
    context = {"group": group, "owner": False, "assignments": group.assignments.select_related("quiz")}
    return render(request, "classes/detail.html", context)


@login_required
@require_POST
def assign(request, pk):
    group = _own_class(request, pk)
    form = AssignmentForm(request.POST, group=group)
    if not form.is_valid():
        return detail(request, pk, assignment_form=form, status=400)
    form.save()
    return redirect("class-detail", pk=group.pk)


@login_required
def results(request, pk, quiz_key):
    group = _own_class(request, pk)
    quiz = get_object_or_404(Quiz, key=quiz_key, assignments__class_group=group)
    data = class_results(group, quiz)
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="class-{group.pk}-{quiz.key}.csv"'
        csv.writer(response).writerows(csv_rows(data))
        return response
    return render(request, "classes/results.html", {"group": group, "quiz": quiz, "results": data})
