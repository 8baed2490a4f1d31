from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "lots.staff"
    label = "staff"
    verbose_name = "Personal"
