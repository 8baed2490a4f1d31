"""Restores a backup taken by ``manage.py backup`` and checks it: row counts per table, then the audit chain."""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from lots.archive.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Läser tillbaka en säkerhetskopia (databas och mediamapp) och kontrollerar antal rader och loggkedjan."

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path)
        parser.add_argument("--yes", action="store_true", help="Fråga inte; databasen och mediamappen skrivs över.")

    def handle(self, *args, source: Path, yes: bool, **options):
        if not yes:
            raise CommandError("Återläsningen skriver över databasen och mediamappen. Stoppa Lots och kör med --yes.")
        try:
            differences = backup_restore(source=source)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        if differences:
            for name, (expected, found) in differences.items():
                self.stderr.write(f"{name}: {expected} rader i säkerhetskopian, {found} efter återläsningen")
            raise CommandError(f"Återläsningen är ofullständig: {len(differences)} tabeller skiljer sig.")
        self.stdout.write(self.style.SUCCESS("Databasen och mediamappen är återlästa; antalet rader stämmer."))
        call_command("verify_audit_log", stdout=self.stdout, stderr=self.stderr)
