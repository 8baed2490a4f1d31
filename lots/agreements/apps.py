from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "lots.agreements"
    label = "agreements"
    verbose_name = "Samverkansöverenskommelser"
