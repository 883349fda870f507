from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemosConfig(AppConfig):
    name = "apps.demos"
    label = "demos"
    verbose_name = _("Live demos")
