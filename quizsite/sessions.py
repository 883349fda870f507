"""Database sessions (``SESSION_ENGINE`` without Redis) read with one precompiled query.

Every authenticated request loads its session. Django's store builds that query through the ORM,
which costs more CPU than running it; this store runs the same SELECT (the key, not expired) as
raw SQL into the same model. Everything else (saving, cycling keys, expiry, clearsessions) is
Django's, unchanged.
"""

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone

_LOAD = "SELECT session_key, session_data, expire_date FROM django_session WHERE session_key = %s AND expire_date > %s"


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        connection = connections[router.db_for_read(self.model)]
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        found = list(self.model.objects.raw(_LOAD, [self.session_key, now]))
        if found:
            return found[0]
        self._session_key = None
        return None
