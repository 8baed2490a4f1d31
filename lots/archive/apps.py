from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "lots.archive"
    label = "archive"
    verbose_name = "Arkiv och säkerhetskopior"
