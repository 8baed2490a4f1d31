from django.apps import AppConfig


class InterventionsConfig(AppConfig):
    name = "lots.interventions"
    label = "interventions"
    verbose_name = "Serviceinsatser"
