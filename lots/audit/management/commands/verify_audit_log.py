"""Checks the audit log's hash chains and the database guards; exits non-zero naming the first broken link."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lots.audit import chain


class Command(BaseCommand):
    help = "Kontrollerar att loggen är obruten: varje kedja länk för länk, kedjornas huvuden och databasens skydd."

    def handle(self, *args, **options):
        result = chain.verify(anchor_file=settings.AUDIT_ANCHOR_FILE)
        if not result.ok:
            for found in result.breaks:
                self.stderr.write(str(found))
            raise CommandError(f"Loggen är bruten: {len(result.breaks)} fel.")
        self.stdout.write(self.style.SUCCESS(f"Loggen är obruten: {result.entries} poster i {result.chains} kedjor."))
