from django.apps import AppConfig


class WatchConfig(AppConfig):
    name = "lots.watch"
    label = "watch"
    verbose_name = "Bevakning"
