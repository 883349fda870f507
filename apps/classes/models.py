"""Classes: an instructor's named group of students, who join once with a code, and the
quizzes assigned to the class with the class's own open and close dates."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.questions.models import Quiz

# No 0/O or 1/I/L: codes are read aloud and typed from a board.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8


def new_join_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class ClassGroup(models.Model):
    name = models.CharField(_("name"), max_length=200)
    instructor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="taught_classes")
    join_code = models.CharField(_("join code"), max_length=16, unique=True, default=new_join_code)
    students = models.ManyToManyField(settings.AUTH_USER_MODEL, through="Membership", related_name="class_groups")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("class")
        verbose_name_plural = _("classes")

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    class_group = models.ForeignKey(ClassGroup, on_delete=models.CASCADE, related_name="memberships")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["class_group", "student"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.class_group} · {self.student}"


class Assignment(models.Model):
    class_group = models.ForeignKey(ClassGroup, on_delete=models.CASCADE, related_name="assignments")
    quiz = models.ForeignKey(Quiz, on_delete=models.PROTECT, related_name="assignments")
    open_at = models.DateTimeField(_("opens"), null=True, blank=True)
    close_at = models.DateTimeField(_("closes"), null=True, blank=True)

    class Meta:
        ordering = ["open_at", "id"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [models.UniqueConstraint(fields=["class_group", "quiz"], name="assignment_unique")]

    def __str__(self) -> str:
        return f"{self.class_group} · {self.quiz.key}"

    def clean(self) -> None:
        if self.open_at and self.close_at and self.close_at <= self.open_at:
            raise ValidationError({"close_at": _("The assignment must close after it opens.")})
