"""API keys for the Model-as-a-Service demo: instructors issue and revoke them in the admin.

Only a SHA-256 of each key is stored. Keys are 256-bit random tokens, so a fast hash is
enough (nothing to brute-force, unlike passwords); the prefix finds the row without a scan.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

KEY_START = "qlk_"
PREFIX_LENGTH = 8
DEMO_KEY_NAME = "Serving demo page (public, low rate)"
DEMO_RATE_PER_MINUTE = 60


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _prefix_of(key: str) -> str | None:
    """``qlk_<8-char prefix>_<secret>`` → the prefix, or None when the key is not shaped so."""
    if not key.startswith(KEY_START) or len(key) < len(KEY_START) + PREFIX_LENGTH + 2:
        return None
    end = len(KEY_START) + PREFIX_LENGTH
    return key[len(KEY_START) : end] if key[end] == "_" else None


class ApiKeyManager(models.Manager):
    def issue(self, *, name: str, owner=None, rate_limit_per_minute: int = 60) -> tuple[ApiKey, str]:
        """A new key; the plain text is returned once and never stored."""
        key = ApiKey(name=name, owner=owner, rate_limit_per_minute=rate_limit_per_minute)
        return key, key.set_new_key()

    def authenticate(self, key: str) -> ApiKey | None:
        """The active key matching ``key``, or None (unknown, malformed or revoked)."""
        prefix = _prefix_of(key)
        if prefix is None:
            return None
        found = self.filter(prefix=prefix, active=True).first()
        if found is None or not hmac.compare_digest(found.key_hash, _digest(key)):
            return None
        return found

    def demo_key(self) -> str:
        """The serving page's own key, derived from SECRET_KEY so its plain text is never stored.

        The page hands it to every visitor's browser: it is a public credential for a tiny
        model, with a low shared rate limit, and an instructor can revoke it in the admin (the
        page's MaaS call then shows the 403). Real clients use keys an instructor issued.
        """
        secret = hmac.new(settings.SECRET_KEY.encode(), b"quizlab serving demo key", hashlib.sha256).hexdigest()
        key = f"{KEY_START}{secret[:PREFIX_LENGTH]}_{secret[PREFIX_LENGTH:]}"
        self.get_or_create(
            prefix=secret[:PREFIX_LENGTH],
            defaults={"name": DEMO_KEY_NAME, "key_hash": _digest(key), "rate_limit_per_minute": DEMO_RATE_PER_MINUTE},
        )
        return key


class ApiKey(models.Model):
    name = models.CharField(_("name"), max_length=100, help_text=_("Who or what uses this key."))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="api_keys",
    )
    prefix = models.CharField(_("prefix"), max_length=PREFIX_LENGTH, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, editable=False)
    active = models.BooleanField(_("active"), default=True, help_text=_("Untick to revoke the key."))
    rate_limit_per_minute = models.PositiveIntegerField(_("rate limit per minute"), default=60)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    usage_count = models.PositiveBigIntegerField(_("requests"), default=0, editable=False)

    objects = ApiKeyManager()

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.name} ({KEY_START}{self.prefix}_…)"

    def set_new_key(self) -> str:
        """Give this key fresh random text, save it, and return the text (shown once)."""
        while True:
            prefix = secrets.token_hex(PREFIX_LENGTH // 2)
            if not ApiKey.objects.filter(prefix=prefix).exists():
                break
        key = f"{KEY_START}{prefix}_{secrets.token_urlsafe(32)}"
        self.prefix, self.key_hash = prefix, _digest(key)
        self.save()
        return key

    def record_use(self) -> None:
        # F(): concurrent requests on one key each add one, none is lost.
        ApiKey.objects.filter(pk=self.pk).update(usage_count=F("usage_count") + 1, last_used_at=timezone.now())
