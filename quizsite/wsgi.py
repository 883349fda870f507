import os

from django.core.wsgi import get_wsgi_application

from quizsite.env import require_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quizsite.settings")
require_secret_key()
application = get_wsgi_application()

from apps.questions.checks import refuse_demo_instructor  # noqa: E402  needs the apps loaded

refuse_demo_instructor()
