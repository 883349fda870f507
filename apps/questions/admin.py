"""Instructor admin: the bank with Korean and English side by side, preview, bulk publish."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Avg, Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from apps.demos.manifest import link_problems
from apps.questions import item_analysis, recovery
from apps.questions.answer_files import AnswerFileError
from apps.questions.bank.exporter import question_to_dict
from apps.questions.interchange import admin_views as interchange
from apps.questions.kinds import KINDS, kind
from apps.questions.models import AnswerRecovery, Attempt, Choice, ExtraTime, Question, Quiz, QuizSlot, Response, Topic
from apps.questions.snapshots import snapshot_question


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("slug", "name_ko", "name_en", "parent", "position")
    search_fields = ("slug", "name_ko", "name_en")
    fields = ("slug", ("name_ko", "name_en"), "parent", "position")
    ordering = ("position", "slug")
    list_select_related = ("parent",)  # nullable: the admin's automatic select_related skips it


class LabelledInlineFormSet(forms.BaseInlineFormSet):
    """A tabular inline names its fields only in column headings, which screen readers do not tie
    to the inputs below them: name each input by its field and row."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        row = _("new row") if index is None else index + 1
        for field in form.fields.values():
            widget = getattr(field.widget, "widget", field.widget)  # inside the admin's related-object wrapper
            widget.attrs["aria-label"] = f"{field.label} ({row})"


class ChoiceFormSet(LabelledInlineFormSet):
    """Enforce the bank's rules for the question's (new) type: count and correct flags."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [f.cleaned_data for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        problems = kind(self.instance.type).choice_problems([bool(c.get("is_correct")) for c in kept])
        if problems:
            raise ValidationError(problems)


class ChoiceInline(admin.TabularInline):
    model = Choice
    formset = ChoiceFormSet
    fields = ("position", "text_ko", "text_en", "is_correct", "feedback_ko", "feedback_en")
    extra = 0
    formfield_overrides = {
        # Compact textareas so Korean and English sit side by side in one row.
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 30})},
    }


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = (  # the _ko / _en columns, not modeltranslation's proxy fields
            "key", "topic", "type", "difficulty", "status", "exam_only", "source", "stem_ko", "stem_en",
            "explanation_ko", "explanation_en", "answer", "all_or_nothing", "demo_slug", "demo_params",
        )  # fmt: skip

    def clean(self):
        data = super().clean()
        qkind = KINDS.get(data.get("type"))
        if qkind:
            if qkind.has_choices:
                data["answer"] = None
            if problems := qkind.answer_problems(data.get("answer")):
                self.add_error("answer", problems)
            if data.get("all_or_nothing") and not qkind.takes_all_or_nothing:
                self.add_error("all_or_nothing", _("All or nothing applies to multiple choice only."))
        if data.get("demo_slug") and (problems := link_problems(data["demo_slug"], data.get("demo_params") or {})):
            self.add_error("demo_params", problems)
        return data


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    form = QuestionForm
    inlines = [ChoiceInline]
    list_display = (
        "key", "short_stem", "topic", "type", "difficulty", "status", "version", "times_answered", "facility",
    )  # fmt: skip
    list_filter = ("status", "exam_only", "type", "difficulty", "topic")
    search_fields = ("key", "stem_ko", "stem_en", "source")
    list_select_related = ("topic",)
    list_per_page = 50
    actions = ["publish", "unpublish", "export_gift", "export_moodle_xml", "export_aiken"]
    change_list_template = "admin/questions/question/change_list.html"
    readonly_fields = ("version", "preview_link", "statistics_links")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    ("key", "topic"),
                    ("type", "difficulty", "status", "exam_only"),
                    "source",
                    ("version", "preview_link"),
                    "statistics_links",
                )
            },
        ),
        (_("Question"), {"fields": (("stem_ko", "stem_en"), ("explanation_ko", "explanation_en"))}),
        (
            _("Answer"),
            {
                "fields": ("answer", "all_or_nothing"),
                "description": _(
                    "Choice questions take their key from the choices below. true_false: true or false; "
                    'short: {"ko": [...], "en": [...]}; numeric: {"value": 24576, "tolerance": 0}.'
                ),
            },
        ),
        (_("Live demo link"), {"fields": (("demo_slug", "demo_params"),), "classes": ("collapse",)}),
    )

    def get_queryset(self, request):
        # How each question performs: graded responses in finished attempts.
        graded = Q(responses__attempt__state=Attempt.State.FINISHED)
        return (
            super()
            .get_queryset(request)
            .annotate(
                answered_count=Count("responses", filter=graded),
                mean_score=Avg("responses__score", filter=graded),
            )
        )

    @admin.display(description=_("answered"), ordering="answered_count")
    def times_answered(self, obj):
        return obj.answered_count

    @admin.display(description=_("facility (mean score)"), ordering="mean_score")
    def facility(self, obj):
        return "—" if obj.mean_score is None else f"{100 * obj.mean_score:.0f}%"

    @admin.display(description=_("stem"))
    def short_stem(self, obj):
        return Truncator(obj.stem_ko).chars(70)

    @admin.display(description=_("preview"))
    def preview_link(self, obj):
        if not obj.pk:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:questions_question_preview", args=[obj.pk]),
            _("Preview as a student sees it"),
        )

    @admin.display(description=_("item analysis"))
    def statistics_links(self, obj):
        quizzes = Quiz.objects.filter(attempts__responses__question=obj).distinct() if obj.pk else []
        links = [
            format_html(
                '<a href="{}#q-{}">{}</a>', reverse("admin:questions_quiz_statistics", args=[q.pk]), obj.key, q.key
            )
            for q in quizzes
        ]
        return format_html_join(" · ", "{}", ((link,) for link in links)) or _("Not answered in any quiz yet.")

    @admin.action(description=_("Publish selected questions"), permissions=["change"])
    def publish(self, request, queryset):
        count = queryset.update(status=Question.Status.PUBLISHED)
        self.message_user(
            request, ngettext("%d question published.", "%d questions published.", count) % count, messages.SUCCESS
        )

    @admin.action(description=_("Unpublish selected questions (back to draft)"), permissions=["change"])
    def unpublish(self, request, queryset):
        count = queryset.update(status=Question.Status.DRAFT)
        self.message_user(
            request, ngettext("%d question unpublished.", "%d questions unpublished.", count) % count, messages.SUCCESS
        )

    @admin.action(description=_("Export selected questions as GIFT"), permissions=["view"])
    def export_gift(self, request, queryset):
        return interchange.export_response(queryset, "gift")

    @admin.action(description=_("Export selected questions as Moodle XML"), permissions=["view"])
    def export_moodle_xml(self, request, queryset):
        return interchange.export_response(queryset, "moodle-xml")

    @admin.action(description=_("Export selected questions as Aiken (single choice only)"), permissions=["view"])
    def export_aiken(self, request, queryset):
        return interchange.export_response(queryset, "aiken")

    def get_urls(self):
        return [
            path("<int:pk>/preview/", self.admin_site.admin_view(self.preview_view), name="questions_question_preview"),
            path(
                "import/",
                self.admin_site.admin_view(lambda request: interchange.import_view(self, request)),
                name="questions_question_import",
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request, pk):
        question = get_object_or_404(Question.objects.select_related("topic").prefetch_related("choices"), pk=pk)
        if not self.has_view_permission(request, question):
            raise PermissionDenied
        snapshot = snapshot_question(question)
        views = [(code, kind(question.type).review_view(snapshot, code)) for code in ("ko", "en")]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": question,
            "title": _("Preview: %(key)s") % {"key": question.key},
            "views": views,
        }
        return TemplateResponse(request, "admin/questions/question/preview.html", context)

    def save_related(self, request, form, formsets, change):
        """Bump the version when the content a student sees or is graded on changed."""
        question = form.instance
        before = getattr(question, "_content_before", None)
        super().save_related(request, form, formsets, change)
        question.refresh_from_db()
        if change and before is not None and question_to_dict(question) != before:
            Question.objects.filter(pk=question.pk).update(version=question.version + 1)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            obj._content_before = question_to_dict(obj)
        return obj

    def save_model(self, request, obj, form, change):
        if not change and not obj.position:
            last = Question.objects.order_by("-position").values_list("position", flat=True).first()
            obj.position = (last or 0) + 1
        with transaction.atomic():
            super().save_model(request, obj, form, change)


class QuizSlotInline(admin.TabularInline):
    formset = LabelledInlineFormSet
    model = QuizSlot
    fields = ("position", "question", "topic", "count")
    autocomplete_fields = ("question",)
    extra = 0


class ExtraTimeInline(admin.TabularInline):
    formset = LabelledInlineFormSet
    model = ExtraTime
    fields = ("user", "minutes", "percent", "note")
    autocomplete_fields = ("user",)
    extra = 0


@admin.register(Quiz)
class QuizAdmin(admin.ModelAdmin):
    inlines = [QuizSlotInline, ExtraTimeInline]
    list_display = (
        "key",
        "title",
        "published",
        "mode",
        "time_limit_minutes",
        "attempts_allowed",
        "grading_method",
        "open_at",
        "close_at",
        "statistics_link",
    )
    list_filter = ("published", "mode")
    search_fields = ("key", "title_ko", "title_en")
    readonly_fields = ("statistics_link",)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(db_field, models.DateTimeField):  # two inputs under one label: name each
            date, time = formfield.widget.widgets
            date.attrs["aria-label"] = f"{capfirst(db_field.verbose_name)}: {_('date')}"
            time.attrs["aria-label"] = f"{capfirst(db_field.verbose_name)}: {_('time')}"
        return formfield

    def get_changeform_initial_data(self, request):
        return {**super().get_changeform_initial_data(request), "published": False}  # a new quiz starts as a draft

    fieldsets = (
        (
            None,
            {
                "fields": (
                    ("key", "published", "closed_book"),
                    ("title_ko", "title_en"),
                    ("description_ko", "description_en"),
                    "position",
                    "statistics_link",
                )
            },
        ),
        (
            _("Timing"),
            {"fields": (("time_limit_minutes", "when_time_expires", "grace_minutes"), ("open_at", "close_at"))},
        ),
        (
            _("Attempts and grading"),
            {
                "fields": (
                    ("mode", "exam_only_pool"),
                    ("attempts_allowed", "grading_method", "pass_percent"),
                    ("shuffle_questions", "shuffle_choices"),
                    ("review", "marks"),
                )
            },
        ),
    )

    @admin.display(description=_("statistics"))
    def statistics_link(self, obj):
        if not obj.pk:
            return "—"
        url = reverse("admin:questions_quiz_statistics", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Item analysis"))

    def get_urls(self):
        return [
            path(
                "<int:pk>/statistics/",
                self.admin_site.admin_view(self.statistics_view),
                name="questions_quiz_statistics",
            ),
            *super().get_urls(),
        ]

    def statistics_view(self, request, pk):
        quiz = get_object_or_404(Quiz, pk=pk)
        if not self.has_view_permission(request, quiz):
            raise PermissionDenied
        which = request.GET.get("attempts", "first")
        if which not in item_analysis.WHICH_ATTEMPTS:
            which = "first"
        report = item_analysis.build(quiz, which, lang=request.LANGUAGE_CODE)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": quiz,
            "title": _("Item analysis: %(quiz)s") % {"quiz": quiz.key},
            "report": report,
            "which_choices": [("first", _("first attempts")), ("all", _("all finished attempts"))],
        }
        return TemplateResponse(request, "admin/questions/quiz/statistics.html", context)


@admin.register(ExtraTime)
class ExtraTimeAdmin(admin.ModelAdmin):
    list_display = ("user", "quiz", "minutes", "percent", "note")
    list_filter = ("quiz",)
    search_fields = ("user__username", "note")
    autocomplete_fields = ("user",)


class RecordInline(admin.TabularInline):
    """Rows the attempt page shows as a record: nothing to add, change or delete here."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False


class ResponseInline(RecordInline):
    model = Response
    fields = ("position", "question", "answer", "score", "flagged", "seq", "saved_at")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("question")  # shown as its key on every row


class AnswerRecoveryInline(RecordInline):
    model = AnswerRecovery
    fields = ("recovered_at", "recovered_by", "applied", "rejected", "outcome_list", "score_before", "score_after")

    @admin.display(description=_("answers in the file"))
    def outcome_list(self, obj):
        labels = dict(RECOVERY_OUTCOMES)
        return format_html_join(
            "",
            "<div>{}: {} (seq {}, {}) {}</div>",
            (
                (o["position"], labels.get(o["outcome"], o["outcome"]), o["seq"], o["at"] or "—", o["detail"])
                for o in obj.outcomes
            ),
        )


RECOVERY_OUTCOMES = [
    (recovery.APPLIED, _("applied")),
    (recovery.STALE, _("ignored: the server already held this answer or a newer one")),
    (recovery.LATE, _("rejected: made after the attempt closed")),
    (recovery.UNDATED, _("rejected: no time given")),
    (recovery.INVALID, _("rejected: not a valid answer")),
    (recovery.CHECKED, _("rejected: checked in practice mode and locked")),
    (recovery.NO_QUESTION, _("rejected: no such question in this attempt")),
]


class AnswerFileForm(forms.Form):
    file = forms.FileField(label=_("Encrypted answer file"))


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    """Read-only: attempts change only through the student's actions and the time rules, or
    through the recovery of a student's encrypted answer file (recovery.py), which is audited."""

    list_display = (
        "user",
        "quiz",
        "number",
        "state",
        "started_at",
        "deadline",
        "finished_at",
        "ending",
        "score",
        "max_score",
        "progress_link",
    )
    list_filter = ("state", "quiz", "ending")
    search_fields = ("user__username", "quiz__key")
    inlines = [ResponseInline, AnswerRecoveryInline]
    readonly_fields = [*(f.name for f in Attempt._meta.fields), "recover_link"]

    @admin.display(description=_("offline answers"))
    def recover_link(self, obj):
        url = reverse("admin:questions_attempt_recover", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Recover from an encrypted answer file…"))

    def get_urls(self):
        return [
            path("<int:pk>/recover/", self.admin_site.admin_view(self.recover_view), name="questions_attempt_recover"),
            *super().get_urls(),
        ]

    def recover_view(self, request, pk):
        attempt = get_object_or_404(Attempt.objects.select_related("user", "quiz"), pk=pk)
        if not request.user.has_perm("questions.add_answerrecovery"):
            raise PermissionDenied
        form = AnswerFileForm(request.POST or None, request.FILES or None)
        status = 200
        if request.method == "POST" and form.is_valid():
            try:
                done = recovery.recover(
                    attempt_id=attempt.pk, data=form.cleaned_data["file"].read(), by=request.user, now=timezone.now()
                )
            except AnswerFileError as exc:
                form.add_error("file", str(exc))
                status = 400
            else:
                self.message_user(
                    request,
                    _("Answer file applied: %(applied)d answers applied, %(rejected)d not (see the list below).")
                    % {"applied": done.applied, "rejected": done.rejected},
                    messages.SUCCESS,
                )
                return redirect("admin:questions_attempt_change", attempt.pk)
        elif request.method == "POST":
            status = 400
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": attempt,
            "title": _("Recover from an encrypted answer file: %(attempt)s") % {"attempt": attempt},
            "form": form,
        }
        return TemplateResponse(request, "admin/questions/attempt/recover.html", context, status=status)

    @admin.display(description=_("student's progress"))
    def progress_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("student-progress", args=[obj.user_id]), _("progress"))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
