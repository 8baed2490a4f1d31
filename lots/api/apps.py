from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "lots.api"
    label = "api"
    verbose_name = "API"
