from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "lots.privacy"
    label = "privacy"
    verbose_name = "Gallring"
