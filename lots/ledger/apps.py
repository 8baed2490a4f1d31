from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "lots.ledger"
    label = "ledger"
    verbose_name = _("Förmedling av egna medel")
