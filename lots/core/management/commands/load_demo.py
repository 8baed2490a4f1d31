from django.core.management.base import BaseCommand
from django.utils import timezone

from lots.core import demo


class Command(BaseCommand):
    help = "Läser in demokommunen Exempelkommun (fiktiva data). Kan köras flera gånger; resultatet blir detsamma."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="Skriv inte ut inloggningarna.")

    def handle(self, *args, **options):
        # The demo's people are fictional: the mails the services would send while loading go nowhere.
        ctx = demo.load(timezone.localdate(), progress=lambda app: self.stdout.write(f"  {app.split('.')[-1]}: klar"))
        if not options["quiet_logins"]:
            self.stdout.write("")
            self.stdout.write(f"Demoinloggningar (lösenord för alla: {demo.DEMO_PASSWORD}):")
            for label, username in ctx.logins:
                self.stdout.write(f"  {label:<30} {username}")
            for note in ctx.notes:
                self.stdout.write(note)
