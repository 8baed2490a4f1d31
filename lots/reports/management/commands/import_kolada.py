from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from lots.accounts.models import User
from lots.reports import services


class Command(BaseCommand):
    help = "Läser in jämförelsetal (öppna jämförelser) från en fil i Koladas JSON-format (API version 2)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="JSON-filen, till exempel svaret från api.kolada.se/v2/data/kpi/N00945/year/2024.")
        parser.add_argument("--user", help="Användarnamnet som står i loggen som den som läste in.")

    def handle(self, *args, path, user=None, **options):
        actor = None
        if user:
            actor = User.objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"Användaren {user} finns inte.")
        try:
            with open(path, "rb") as handle:
                raw = handle.read()
        except OSError as error:
            raise CommandError(f"Kan inte läsa {path}: {error.strerror}") from None
        try:
            result = services.comparisons_import(actor=actor, raw=raw, source=path[-100:])
        except ValidationError as error:
            raise CommandError("Filen kunde inte läsas in:\n" + "\n".join(error.messages)) from None
        self.stdout.write(
            f"Inläst: {result['values_created']} nya och {result['values_updated']} uppdaterade värden, "
            f"{result['indicators_created']} nya nyckeltal."
        )
