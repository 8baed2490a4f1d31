from django.apps import AppConfig


class RisksConfig(AppConfig):
    name = "lots.risks"
    label = "risks"
    verbose_name = "Risker och egenkontroll"
