"""Takes a backup of the database and the media folder (lots.archive.backup)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lots.archive.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Säkerhetskopierar databasen och mediamappen till en ny mapp under DESTINATION."

    def add_arguments(self, parser):
        parser.add_argument("destination", type=Path)

    def handle(self, *args, destination: Path, **options):
        try:
            folder = backup_create(destination=destination)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Säkerhetskopian finns i {folder}"))
