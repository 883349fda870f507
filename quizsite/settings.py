"""QuizLab settings. Everything that differs between machines comes from the environment."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

from quizsite.env import env_bool, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("QUIZLAB_DATA_DIR", str(BASE_DIR / "var"))).resolve()

DEBUG = env_bool("DEBUG", False)
# A development key only with DEBUG. Without either, management commands that need no key
# still run, and serving refuses to start (quizsite/wsgi.py) instead of failing per request.
SECRET_KEY = env_str("SECRET_KEY", "") or ("django-insecure-development-only-key" if DEBUG else "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "modeltranslation",  # must precede admin
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",  # serves /api/docs from its bundled Swagger UI instead of a CDN
    "csp",
    "apps.questions",
    "apps.demos",
    "apps.classes",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "quizsite.limits.RequestLimitsMiddleware",  # before anything reads the body
    "quizsite.api_errors.ApiJsonErrorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "apps.questions.closed_book.ClosedBookMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

ROOT_URLCONF = "quizsite.urls"
WSGI_APPLICATION = "quizsite.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "quizsite.context_processors.language_links",
            ],
        },
    },
]

# SQLite by default (a file under the data directory); DATABASE_URL switches to PostgreSQL.
_SQLITE_FILE = DATA_DIR / "quizlab.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{_SQLITE_FILE}"), conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    _SQLITE_FILE.parent.mkdir(parents=True, exist_ok=True)
    # WAL lets readers run beside the one writer; IMMEDIATE takes the write lock at BEGIN so
    # two autosaves queue on the busy timeout instead of failing with "database is locked".
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# ModelBackend with the per-request user read without the ORM's query compilation (quizsite/auth.py).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "quizsite.auth.UserBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Korean first; English one click away (URL prefix /en/).
LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("Korean")), ("en", _("English"))]
MODELTRANSLATION_DEFAULT_LANGUAGE = "ko"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("ko",)
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Seoul")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env_str("REDIS_URL", "")}
        if env_str("REDIS_URL", "")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# With a shared cache (Redis), sessions are read from it and written through to the database;
# a per-process memory cache cannot be shared, so without Redis they stay in the database
# (read with one raw query: quizsite/sessions.py).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db" if env_str("REDIS_URL", "") else "quizsite.sessions"
SESSION_COOKIE_HTTPONLY = True

# Login throttling (site and admin): 10 wrong passwords for one username, or from one address,
# lock it for the cool-off time. An admin unlocks by deleting its "Access attempts" in the admin.
AXES_FAILURE_LIMIT = int(env_str("QUIZLAB_LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env_str("QUIZLAB_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "quizsite.limits.client_ip"
AXES_LOCKOUT_CALLABLE = "apps.questions.views.accounts.locked_out"

# HTTPS: on by default without DEBUG (README "Production"). HTTPS=0 serves plain HTTP, e.g. to try
# `make serve` locally; behind a TLS proxy set PROXY_SSL_HEADER to the header it sets.
HTTPS = env_bool("HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(env_str("HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", True)
_PROXY_SSL_HEADER = env_str("PROXY_SSL_HEADER", "")  # e.g. X-Forwarded-Proto
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_" + _PROXY_SSL_HEADER.upper().replace("-", "_"), "https") if _PROXY_SSL_HEADER else None
)

# No inline or third-party script anywhere; inline style attributes remain (bar widths, heatmaps).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
PERMISSIONS_POLICY = {
    feature: [] for feature in ("camera", "microphone", "geolocation", "payment", "usb", "serial", "bluetooth", "hid")
}

# Bodies over this are refused from Content-Length before being read (quizsite.limits); the
# largest legitimate one is a 1 MiB PNG sent as base64 JSON. Proxies should cap at the same size.
DATA_UPLOAD_MAX_MEMORY_SIZE = 3 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# QuizLab's own knobs.
QUIZLAB = {
    # Saves sent before the deadline but arriving up to this many seconds after it still count.
    "LATENCY_ALLOWANCE_SECONDS": float(env_str("QUIZLAB_LATENCY_ALLOWANCE_SECONDS", "5")),
    # quizsite.limits: body size, demo requests per IP per minute, demo requests at once per process.
    "MAX_REQUEST_BYTES": DATA_UPLOAD_MAX_MEMORY_SIZE,
    "DEMO_REQUESTS_PER_MINUTE": int(env_str("QUIZLAB_DEMO_REQUESTS_PER_MINUTE", "60")),
    "DEMO_CONCURRENCY": int(env_str("QUIZLAB_DEMO_CONCURRENCY", "1")),
    # CPU milliseconds of demo computation one address may use per minute (then 429 until the next).
    "DEMO_CPU_MS_PER_MINUTE": int(env_str("QUIZLAB_DEMO_CPU_MS_PER_MINUTE", "20000")),
    # Trusted reverse proxies in front of the app: the client address is taken from X-Forwarded-For.
    "PROXY_COUNT": int(env_str("QUIZLAB_PROXY_COUNT", "0")),
    # Accounts created per client address per hour (then 429).
    "SIGNUPS_PER_HOUR": int(env_str("QUIZLAB_SIGNUPS_PER_HOUR", "30")),
    # The RSA private key that opens encrypted answer files (apps/questions/answer_files.py): PEM
    # text from the environment (every server the same), else a file generated on first use.
    "ANSWER_FILE_KEY": env_str("QUIZLAB_ANSWER_FILE_KEY", ""),
    "ANSWER_FILE_KEY_PATH": DATA_DIR / "answer_file_key.pem",
}
