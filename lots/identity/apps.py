from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    name = "lots.identity"
    label = "identity"
    verbose_name = _("Inloggning via identitetstjänst")
