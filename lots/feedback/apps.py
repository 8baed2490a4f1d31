from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "lots.feedback"
    label = "feedback"
    verbose_name = "Synpunkter och klagomål"
