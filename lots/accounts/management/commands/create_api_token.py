import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lots.accounts import services
from lots.accounts.models import TOKEN_DEFAULT_DAYS, TOKEN_MAX_DAYS, ApiToken, User


class Command(BaseCommand):
    help = "Skapar en personlig API-nyckel för en användare och skriver ut den (visas bara en gång)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="Skript", help="Namn på nyckeln.")
        parser.add_argument(
            "--scope", choices=ApiToken.Scope.values, default=ApiToken.Scope.READ_WRITE, help="Vad nyckeln får göra."
        )
        parser.add_argument(
            "--days", type=int, default=TOKEN_DEFAULT_DAYS, help=f"Hur många dagar nyckeln gäller (högst {TOKEN_MAX_DAYS})."
        )

    def handle(self, *args, username, name, scope, days, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"Ingen aktiv användare heter {username!r}.")
        if not 1 <= days <= TOKEN_MAX_DAYS:
            raise CommandError(f"En API-nyckel gäller från 1 till högst {TOKEN_MAX_DAYS} dagar.")
        expires_on = timezone.localdate() + datetime.timedelta(days=days)
        try:
            _token, key = services.api_token_create(actor=user, name=name, scope=scope, expires_on=expires_on)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(key)
