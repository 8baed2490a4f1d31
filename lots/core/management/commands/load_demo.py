from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from lots.core.demo import DEMO_PASSWORD, DemoContext, app_name, demo_modules


class Command(BaseCommand):
    help = "Läser in demokommunen Exempelkommun (fiktiva data). Kan köras flera gånger; resultatet blir detsamma."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="Skriv inte ut inloggningarna.")

    def handle(self, *args, **options):
        ctx = DemoContext(today=timezone.localdate())
        # The demo's people are fictional: mails the services would send while loading go nowhere. Only while
        # loading: the command also runs inside other processes (the tests), whose mail must stay as it was.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            for module in demo_modules():
                with transaction.atomic():
                    module.load(ctx)
                self.stdout.write(f"  {app_name(module).split('.')[-1]}: klar")
        if not options["quiet_logins"]:
            self.stdout.write("")
            self.stdout.write(f"Demoinloggningar (lösenord för alla: {DEMO_PASSWORD}):")
            for label, username in ctx.logins:
                self.stdout.write(f"  {label:<30} {username}")
            for note in ctx.notes:
                self.stdout.write(note)
