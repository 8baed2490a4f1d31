from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "lots.audit"
    label = "audit"
    verbose_name = "Loggar"
