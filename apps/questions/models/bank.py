"""The question bank: topics, questions with their choices, and quizzes built from slots.

Translated text fields (``name``, ``stem``, ``explanation``, ``text``, ``feedback``, ``title``,
``description``) get ``_ko`` / ``_en`` columns from django-modeltranslation (see translation.py).
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.questions import review as review_rules
from apps.questions.kinds import KINDS

TOPIC_SLUG_RE = r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)?$"
KEY_RE = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class Topic(models.Model):
    """A domain (``xai``) or a topic inside it (``xai/cam``)."""

    slug = models.CharField(_("slug"), max_length=100, unique=True, validators=[RegexValidator(TOPIC_SLUG_RE)])
    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children")
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return f"{self.slug} · {self.name}"

    @property
    def domain_slug(self) -> str:
        return self.slug.split("/")[0]

    def clean(self) -> None:
        expected_parent = self.slug.rsplit("/", 1)[0] if "/" in self.slug else None
        actual_parent = self.parent.slug if self.parent_id else None
        if expected_parent != actual_parent:
            raise ValidationError({"parent": _("The parent must be the topic named by the slug's first part.")})


class Question(models.Model):
    # One member per registered kind (SINGLE = "single", …): they agree by construction.
    Type = models.TextChoices("Type", [(name.upper(), (name, _(k.label))) for name, k in KINDS.items()])

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    class Difficulty(models.IntegerChoices):
        EASY = 1, _("Easy")
        MEDIUM = 2, _("Medium")
        HARD = 3, _("Hard")

    key = models.CharField(_("key"), max_length=100, unique=True, validators=[RegexValidator(KEY_RE)])
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="questions")
    type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    difficulty = models.PositiveSmallIntegerField(
        _("difficulty"), choices=Difficulty.choices, default=Difficulty.MEDIUM
    )
    source = models.CharField(_("source in the notes"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    stem = models.TextField(_("stem"))
    explanation = models.TextField(_("explanation"), blank=True)
    # true_false: true|false; short: {"ko": [...], "en": [...]}; numeric: {"value": x, "tolerance": t}
    answer = models.JSONField(_("answer"), null=True, blank=True)
    all_or_nothing = models.BooleanField(
        _("all or nothing"), default=False, help_text=_("Multiple choice only: no partial credit.")
    )
    # Kept for exams: practice quizzes and drills never draw it, so practising cannot reveal its key.
    exam_only = models.BooleanField(
        _("exam only"), default=False, help_text=_("Only exam-mode quizzes use it; practice never shows it.")
    )
    demo_slug = models.CharField(_("demo"), max_length=30, blank=True)
    demo_params = models.JSONField(_("demo parameters"), default=dict, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    position = models.PositiveIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["topic__position", "position", "key"]
        indexes = [models.Index(fields=["status", "topic"])]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.key


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.TextField(_("text"))
    is_correct = models.BooleanField(_("correct"), default=False)
    feedback = models.TextField(_("feedback"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self) -> str:
        return self.text[:60]


class Quiz(models.Model):
    class Mode(models.TextChoices):
        EXAM = "exam", _("Exam")
        PRACTICE = "practice", _("Practice")

    class Expiry(models.TextChoices):
        AUTOSUBMIT = "autosubmit", _("Submit automatically")
        GRACEPERIOD = "graceperiod", _("Grace period to submit")

    class Grading(models.TextChoices):
        HIGHEST = "highest", _("Highest attempt")
        AVERAGE = "average", _("Average of attempts")
        FIRST = "first", _("First attempt")
        LAST = "last", _("Last attempt")

    class Review(models.TextChoices):
        AFTER_SUBMIT = "after_submit", _("Right after submitting")
        AFTER_CLOSE = "after_close", _("After the quiz closes")
        NEVER = "never", _("Never")

    key = models.CharField(_("key"), max_length=100, unique=True, validators=[RegexValidator(KEY_RE)])
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.EXAM)
    time_limit_minutes = models.PositiveIntegerField(
        _("time limit (minutes)"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    when_time_expires = models.CharField(
        _("when time expires"), max_length=12, choices=Expiry.choices, default=Expiry.AUTOSUBMIT
    )
    grace_minutes = models.PositiveIntegerField(_("grace period (minutes)"), default=0)
    open_at = models.DateTimeField(_("opens"), null=True, blank=True)
    close_at = models.DateTimeField(_("closes"), null=True, blank=True)
    attempts_allowed = models.PositiveIntegerField(_("attempts allowed"), default=0, help_text=_("0 means unlimited."))
    grading_method = models.CharField(
        _("grading method"), max_length=10, choices=Grading.choices, default=Grading.HIGHEST
    )
    pass_percent = models.PositiveSmallIntegerField(_("pass mark (%)"), default=60, validators=[MaxValueValidator(100)])
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=True)
    shuffle_choices = models.BooleanField(_("shuffle choices"), default=True)
    review = models.CharField(_("review"), max_length=12, choices=Review.choices, default=Review.AFTER_SUBMIT)
    marks = models.CharField(
        _("show marks"),
        max_length=12,
        choices=Review.choices,
        default=Review.AFTER_SUBMIT,
        help_text=_("When students see their score, pass or fail and per-topic figures."),
    )

    position = models.PositiveIntegerField(_("position"), default=0)
    # A draft is invisible to students (listing, page, start); the admin's add form starts as a draft
    # (QuizAdmin) so a new quiz is published deliberately. Bank files load published quizzes.
    published = models.BooleanField(
        _("published"), default=True, help_text=_("Students see and start only published quizzes.")
    )
    closed_book = models.BooleanField(
        _("closed book"),
        default=False,
        help_text=_("While a student has an attempt open, the live demos are closed to them."),
    )
    # Mock exams set it so their questions stay unseen: practice never draws exam-only questions.
    exam_only_pool = models.BooleanField(
        _("exam-only pool"),
        default=False,
        help_text=_("Exam mode only: random slots draw only exam-only questions."),
    )
    # Study sessions (review, drill, retry) are quizzes too, built per attempt and never listed.
    listed = models.BooleanField(_("listed"), default=True)

    class Meta:
        ordering = ["position", "key"]
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.open_at and self.close_at and self.close_at <= self.open_at:
            raise ValidationError({"close_at": _("The quiz must close after it opens.")})
        if self.exam_only_pool and self.mode != self.Mode.EXAM:
            raise ValidationError({"exam_only_pool": _("Only an exam-mode quiz can draw from the exam-only pool.")})

    def marks_shown(self, now) -> bool:
        """Whether students see score, pass/fail and per-topic figures now (the ``marks`` policy)."""
        return review_rules.review_allowed(review=self.marks, finished=True, now=now, close_at=self.close_at)


class QuizSlot(models.Model):
    """A fixed question, or ``count`` random published questions from ``topic`` (and below it)."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="slots")
    position = models.PositiveIntegerField(_("position"), default=0)
    question = models.ForeignKey(Question, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    count = models.PositiveSmallIntegerField(_("count"), default=1, validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("slot")
        verbose_name_plural = _("slots")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(question__isnull=False, topic__isnull=True)
                    | models.Q(question__isnull=True, topic__isnull=False)
                ),
                name="slot_is_fixed_or_random",
            )
        ]

    def __str__(self) -> str:
        if self.question_id:
            return f"{self.position}: {self.question}"
        return f"{self.position}: {self.count} × {self.topic}"
