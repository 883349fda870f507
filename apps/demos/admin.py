"""Instructors issue and revoke the serving API's keys; a new key is shown once, at creation."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from apps.demos.models import KEY_START, ApiKey


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "owner",
        "key_prefix",
        "active",
        "rate_limit_per_minute",
        "usage_count",
        "last_used_at",
        "created_at",
    )
    list_filter = ("active",)
    search_fields = ("name", "prefix", "owner__username")
    fields = (
        "name",
        "owner",
        "active",
        "rate_limit_per_minute",
        "key_prefix",
        "usage_count",
        "last_used_at",
        "created_at",
    )
    readonly_fields = ("key_prefix", "usage_count", "last_used_at", "created_at")
    actions = ("revoke",)

    @admin.display(description=_("key starts with"), ordering="prefix")
    def key_prefix(self, obj: ApiKey) -> str:
        return f"{KEY_START}{obj.prefix}_…" if obj.prefix else "—"

    def get_changeform_initial_data(self, request):
        return {"owner": request.user.pk, **super().get_changeform_initial_data(request)}

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        key = obj.set_new_key()
        messages.warning(
            request,
            _(
                "New API key for “%(name)s”: %(key)s — copy it now; it is stored only as a hash and cannot be shown again."
            )
            % {"name": obj.name, "key": key},
        )

    @admin.action(description=_("Revoke the selected keys"), permissions=["change"])
    def revoke(self, request, queryset):
        count = queryset.update(active=False)
        self.message_user(
            request, ngettext("%(count)d key revoked.", "%(count)d keys revoked.", count) % {"count": count}
        )
