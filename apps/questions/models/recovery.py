"""The audit trail of attempts recovered from encrypted answer files."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.questions.models.attempts import Attempt


class AnswerRecovery(models.Model):
    """One answer file applied to one attempt: who, when, and what became of each answer in it."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="recoveries")
    recovered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    recovered_at = models.DateTimeField(_("recovered at"))
    file_sha256 = models.CharField(_("file SHA-256"), max_length=64)
    file_made_at = models.DateTimeField(_("file made at (student's device)"), null=True, blank=True)
    applied = models.PositiveIntegerField(_("answers applied"), default=0)
    rejected = models.PositiveIntegerField(_("answers rejected"), default=0)
    # One entry per answer in the file: position, seq, at (ISO time), outcome, and why.
    outcomes = models.JSONField(_("outcomes"), default=list)
    score_before = models.FloatField(_("score before"), null=True, blank=True)
    score_after = models.FloatField(_("score after"), null=True, blank=True)

    class Meta:
        ordering = ["-recovered_at"]
        verbose_name = _("answer file recovery")
        verbose_name_plural = _("answer file recoveries")

    def __str__(self) -> str:
        return f"{self.attempt_id} @ {self.recovered_at:%Y-%m-%d %H:%M}"
