from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "lots.indicators"
    label = "indicators"
    verbose_name = "Nyckeltal och kvalitetsmått"
