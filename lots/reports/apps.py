from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "lots.reports"
    label = "reports"
    verbose_name = "Kvalitetsberättelse och översikter"
