from django.apps import AppConfig


class RequirementsConfig(AppConfig):
    name = "lots.requirements"
    label = "requirements"
    verbose_name = "Kravkataloger och uppföljning"
