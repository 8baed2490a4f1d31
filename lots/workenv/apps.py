from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkenvConfig(AppConfig):
    name = "lots.workenv"
    label = "workenv"
    verbose_name = _("Arbetsmiljödelegering")
