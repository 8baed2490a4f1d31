from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "lots.core"
    label = "core"
    verbose_name = "Grund"
