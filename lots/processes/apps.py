from django.apps import AppConfig


class ProcessesConfig(AppConfig):
    name = "lots.processes"
    label = "processes"
    verbose_name = "Processer och rutiner"
