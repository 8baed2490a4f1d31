from django.apps import AppConfig


class RoundsConfig(AppConfig):
    name = "lots.rounds"
    label = "rounds"
    verbose_name = "Skydds- och brandronder"
