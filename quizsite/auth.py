"""The authentication backend: Django's ModelBackend, with the per-request user read by primary key
as one raw SELECT instead of a query the ORM compiles on every request (the same row, the same
``is_active`` rule; login, permissions and password checks are ModelBackend's)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        model = get_user_model()
        table, pk = model._meta.db_table, model._meta.pk.column
        found = list(model._default_manager.raw(f"SELECT * FROM {table} WHERE {pk} = %s", [user_id]))  # noqa: S608 - names from the model
        return found[0] if found and self.user_can_authenticate(found[0]) else None
