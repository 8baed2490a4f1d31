from django.apps import AppConfig


class CompetenceConfig(AppConfig):
    name = "lots.competence"
    label = "competence"
    verbose_name = "Kompetens"
