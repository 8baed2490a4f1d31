from django.apps import AppConfig


class GoalsConfig(AppConfig):
    name = "lots.goals"
    label = "goals"
    verbose_name = "Mål och uppföljning"
