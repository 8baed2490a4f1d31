from django.apps import AppConfig


class WorkenvConfig(AppConfig):
    name = "lots.workenv"
    label = "workenv"
    verbose_name = "Arbetsmiljödelegering"
