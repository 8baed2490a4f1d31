from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "lots.home"
    label = "home"
    verbose_name = "Start"
