from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "lots.notifications"
    label = "notifications"
    verbose_name = "Påminnelser"
