from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "lots.accounts"
    label = "accounts"
    verbose_name = "Personer och behörigheter"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_logged_out
        from django.db.models.signals import post_save

        from lots.accounts import sessions

        user_logged_in.connect(sessions.session_started, dispatch_uid="lots.accounts.session_started")
        user_logged_out.connect(sessions.session_ended, dispatch_uid="lots.accounts.session_ended")
        post_save.connect(sessions.person_deactivated, sender=self.get_model("User"), dispatch_uid="lots.accounts.deactivated")
