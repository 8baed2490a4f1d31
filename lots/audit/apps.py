from django.apps import AppConfig
from django.db.backends.signals import connection_created


class AuditConfig(AppConfig):
    name = "lots.audit"
    label = "audit"
    verbose_name = "Loggar"

    def ready(self):
        from lots.audit import guard

        connection_created.connect(guard.register, dispatch_uid="lots.audit.guard")
