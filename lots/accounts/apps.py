from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "lots.accounts"
    label = "accounts"
    verbose_name = "Personer och behörigheter"
