from django.apps import AppConfig


class ImprovementsConfig(AppConfig):
    name = "lots.improvements"
    label = "improvements"
    verbose_name = "Förbättringsåtgärder"
