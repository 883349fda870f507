"""Settings for the test suite: the real settings, with test-only speed-ups."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")
# Playwright's sync API runs an event loop in the test thread; the ORM calls made by the
# test itself (fixtures, assertions) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# The test client and live server speak plain HTTP; the production settings are checked by
# tests/test_production_settings.py with `check --deploy`.
os.environ.setdefault("HTTPS", "0")

from quizsite.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Every test request comes from 127.0.0.1: only tests/security/ turns the per-address limits down.
QUIZLAB = {
    **QUIZLAB,  # noqa: F405
    "DEMO_REQUESTS_PER_MINUTE": 1_000_000,
    "DEMO_CONCURRENCY": 8,
    "SIGNUPS_PER_HOUR": 1_000_000,
    "DEMO_CPU_MS_PER_MINUTE": 10**9,
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not shared-cache memory: concurrency tests and the live server then see
    # SQLite's real locking (WAL + busy timeout) exactly as production does.
    import tempfile

    DATABASES["default"]["TEST"] = {"NAME": f"{tempfile.gettempdir()}/quizlab-test-{os.getpid()}.sqlite3"}  # noqa: F405
