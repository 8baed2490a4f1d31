from django.apps import AppConfig
from django.db.backends.signals import connection_created


class CoreConfig(AppConfig):
    name = "lots.core"
    label = "core"
    verbose_name = "Grund"

    def ready(self):
        from lots.core import collation

        connection_created.connect(collation.register, dispatch_uid="lots.core.collation")
