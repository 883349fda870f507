"""The study loop's records: a student's exam date, one FSRS card per student and question, and a
log of every graded answer that moved a card (mastery and readiness are read from the log)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.questions.models.attempts import Response
from apps.questions.models.bank import Question, Topic


class StudyProfile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="study_profile")
    exam_date = models.DateField(_("exam date"), null=True, blank=True)

    class Meta:
        verbose_name = _("study profile")
        verbose_name_plural = _("study profiles")

    def __str__(self) -> str:
        return f"{self.user} · {self.exam_date or '-'}"


class Card(models.Model):
    """FSRS memory state of one question for one student (the fields of ``fsrs.Card``)."""

    class State(models.IntegerChoices):  # fsrs.State's values
        LEARNING = 1, _("Learning")
        REVIEW = 2, _("Review")
        RELEARNING = 3, _("Relearning")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cards")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="cards")
    state = models.PositiveSmallIntegerField(choices=State.choices, default=State.LEARNING)
    step = models.PositiveSmallIntegerField(null=True, blank=True)
    stability = models.FloatField(null=True, blank=True)
    difficulty = models.FloatField(null=True, blank=True)
    due = models.DateTimeField(_("due"))
    last_review = models.DateTimeField(_("last review"), null=True, blank=True)
    # FSRS wanted it later than the exam: it was brought forward to the eve of the exam.
    held_for_exam = models.BooleanField(_("held for the exam"), default=False)

    class Meta:
        verbose_name = _("review card")
        verbose_name_plural = _("review cards")
        constraints = [models.UniqueConstraint(fields=["user", "question"], name="card_per_student_question")]
        indexes = [models.Index(fields=["user", "due"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.question_id} · {self.due:%Y-%m-%d %H:%M}"


class ReviewLog(models.Model):
    """One graded answer the student saw graded. ``topic`` and ``user`` are copied from the card so
    mastery is one grouped aggregate over this table."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_logs")
    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="logs")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="+")
    # One log per response at most: recording the same graded response twice changes nothing.
    response = models.OneToOneField(Response, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    rating = models.PositiveSmallIntegerField()  # fsrs.Rating: 1 Again, 2 Hard, 3 Good, 4 Easy
    score = models.FloatField()
    reviewed_at = models.DateTimeField()
    # The site-time day of reviewed_at, stored: mastery groups by it (SQLite would otherwise call a
    # Python function per row to truncate the timestamp).
    reviewed_on = models.DateField()

    class Meta:
        verbose_name = _("review log")
        verbose_name_plural = _("review logs")
        indexes = [models.Index(fields=["user", "reviewed_at"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.card_id} · {self.rating} · {self.reviewed_at:%Y-%m-%d %H:%M}"
