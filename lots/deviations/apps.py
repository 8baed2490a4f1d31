from django.apps import AppConfig


class DeviationsConfig(AppConfig):
    name = "lots.deviations"
    label = "deviations"
    verbose_name = "Avvikelser och lex Sarah"
