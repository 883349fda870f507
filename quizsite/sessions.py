"""Database sessions (``SESSION_ENGINE`` without Redis) loaded with one plain query.

Every authenticated request loads its session. Django's store reads it through the ORM, which
costs more CPU than running the query; this store runs the same SELECT (this key, not expired) on
a plain cursor. Everything else (saving, cycling keys, expiry, clearsessions) is Django's.
"""

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone

_LOAD = "SELECT session_data FROM django_session WHERE session_key = %s AND expire_date > %s"


class SessionStore(db.SessionStore):
    def load(self):
        connection = connections[router.db_for_read(self.model)]
        with connection.cursor() as cursor:
            cursor.execute(_LOAD, [self.session_key, connection.ops.adapt_datetimefield_value(timezone.now())])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None  # as Django's store does: a new key on the next save
            return {}
        return self.decode(row[0])
