from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "lots.ledger"
    label = "ledger"
    verbose_name = "Förmedling av egna medel"
