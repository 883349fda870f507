"""The authentication backend: Django's ModelBackend, with the user of every request read on a
plain cursor instead of a query the ORM compiles each time. Same row, same ``is_active`` rule;
login, permissions and password checks are ModelBackend's.

The dates (``last_login``, ``date_joined``) are left deferred: nothing on a request reads them,
and reading one loads it through the ORM with its time zone.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import connections, router


def _user_fields(model):
    return [f for f in model._meta.concrete_fields if f.get_internal_type() not in ("DateTimeField", "DateField")]


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        model = get_user_model()
        fields = _user_fields(model)
        alias = router.db_for_read(model)
        columns = ", ".join(f.column for f in fields)
        sql = f"SELECT {columns} FROM {model._meta.db_table} WHERE {model._meta.pk.column} = %s"  # noqa: S608 - names from the model
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, [user_id])
            row = cursor.fetchone()
        if row is None:
            return None
        # to_python gives SQLite's 0/1 back as booleans, as the ORM's converters would.
        user = model.from_db(
            alias, [f.attname for f in fields], [f.to_python(v) for f, v in zip(fields, row, strict=True)]
        )
        return user if self.user_can_authenticate(user) else None
