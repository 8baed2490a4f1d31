from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "lots.organisation"
    label = "organisation"
    verbose_name = "Organisation"
