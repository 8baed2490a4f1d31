from django.core.management.base import BaseCommand, CommandError

from lots.accounts import services
from lots.accounts.models import User


class Command(BaseCommand):
    help = "Skapar en personlig API-nyckel för en användare och skriver ut den (visas bara en gång)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="Skript", help="Namn på nyckeln.")

    def handle(self, *args, username, name, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"Ingen aktiv användare heter {username!r}.")
        _token, key = services.api_token_create(actor=user, name=name)
        self.stdout.write(key)
