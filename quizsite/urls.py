from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from apps.demos.api import api
from apps.questions.views.offline import service_worker
from quizsite.health import healthz

admin.site.site_header = _("QuizLab administration")
admin.site.site_title = "QuizLab"
admin.site.index_title = _("Question bank and quizzes")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("api/", api.urls),
    path("attempt-sw.js", service_worker, name="attempt-service-worker"),
]

# Korean at /, English at /en/: the language is part of the address, so links and bookmarks keep it.
urlpatterns += i18n_patterns(
    path("", include("apps.questions.urls")),
    path("demos/", include("apps.demos.urls")),
    path("classes/", include("apps.classes.urls")),
    prefix_default_language=False,
)
