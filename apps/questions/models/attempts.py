"""Attempts and their responses. A response holds a snapshot of the question as the student
saw it, so edits to the bank never change a running or finished attempt."""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.questions.models.bank import Question, Quiz
from apps.questions.timing import Policy


class Attempt(models.Model):
    class State(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        OVERDUE = "overdue", _("Overdue")
        FINISHED = "finished", _("Finished")

    class Ending(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        TIME_UP = "time_up", _("Time ran out")

    OPEN_STATES = (State.IN_PROGRESS, State.OVERDUE)

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attempts")
    quiz = models.ForeignKey(Quiz, on_delete=models.PROTECT, related_name="attempts")
    number = models.PositiveIntegerField(_("attempt number"))
    seed = models.BigIntegerField()
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.IN_PROGRESS)
    started_at = models.DateTimeField(_("started"))
    # Frozen at start: later changes to the quiz's limit or policy do not touch running attempts.
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    expiry = models.CharField(max_length=12, choices=Quiz.Expiry.choices)
    grace_seconds = models.PositiveIntegerField(default=0)
    mode = models.CharField(max_length=10, choices=Quiz.Mode.choices)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    ending = models.CharField(_("ending"), max_length=10, choices=Ending.choices, blank=True)
    score = models.FloatField(_("score"), null=True, blank=True)
    max_score = models.FloatField(_("max score"), default=0)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        constraints = [
            models.UniqueConstraint(fields=["user", "quiz", "number"], name="attempt_number_unique"),
            # One open attempt per student and quiz, even if two tabs press Start at once.
            models.UniqueConstraint(
                fields=["user", "quiz"],
                condition=models.Q(state__in=["in_progress", "overdue"]),
                name="one_open_attempt",
            ),
        ]
        indexes = [models.Index(fields=["state", "deadline"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.quiz.key} #{self.number}"

    @property
    def is_finished(self) -> bool:
        return self.state == self.State.FINISHED

    @property
    def percent(self) -> float | None:
        if self.score is None or not self.max_score:
            return None
        return 100 * self.score / self.max_score

    def policy(self, allowance_seconds: float) -> Policy:
        return Policy(
            deadline=self.deadline,
            expiry=self.expiry,
            grace=timedelta(seconds=self.grace_seconds),
            allowance=timedelta(seconds=allowance_seconds),
        )


class Response(models.Model):
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="responses")
    position = models.PositiveIntegerField()
    question = models.ForeignKey(Question, on_delete=models.SET_NULL, null=True, related_name="responses")
    snapshot = models.JSONField()
    answer = models.JSONField(null=True, blank=True)
    seq = models.BigIntegerField(default=0, help_text=_("The client's sequence number of the stored answer."))
    flagged = models.BooleanField(default=False)
    checked = models.BooleanField(default=False, help_text=_("Practice mode: checked and locked."))
    saved_at = models.DateTimeField(null=True, blank=True)
    score = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["attempt", "position"]
        constraints = [models.UniqueConstraint(fields=["attempt", "position"], name="response_position_unique")]

    def __str__(self) -> str:
        return f"{self.attempt_id}:{self.position}"

    @property
    def is_answered(self) -> bool:
        return self.answer not in (None, "", [])


class ExtraTime(models.Model):
    """An accommodation: more time for one student, on one quiz or on every quiz."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="extra_time")
    quiz = models.ForeignKey(
        Quiz, on_delete=models.CASCADE, null=True, blank=True, related_name="extra_time",
        help_text=_("Empty: every quiz."),
    )  # fmt: skip
    minutes = models.PositiveIntegerField(_("extra minutes"), default=0)
    percent = models.PositiveIntegerField(_("extra percent"), default=0, validators=[MaxValueValidator(400)])
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("extra time")
        verbose_name_plural = _("extra time")
        constraints = [models.UniqueConstraint(fields=["user", "quiz"], name="extra_time_unique")]

    def __str__(self) -> str:
        return f"{self.user}: +{self.minutes} min, +{self.percent}%"
