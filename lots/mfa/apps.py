from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MfaConfig(AppConfig):
    name = "lots.mfa"
    label = "mfa"
    verbose_name = _("Andra faktor")
