"""Checks every archived document's file against its recorded SHA-256; exits non-zero naming each one that fails."""

from django.core.management.base import BaseCommand, CommandError

from lots.archive.models import ArchivedDocument
from lots.archive.services import verify_stored


class Command(BaseCommand):
    help = "Kontrollerar att varje arkiverat dokument finns och stämmer med sin kontrollsumma."

    def handle(self, *args, **options):
        documents = ArchivedDocument.objects.filter(stored_at__isnull=False)
        problems = verify_stored(documents)
        for document, why in problems:
            self.stderr.write(f"{document.pk} {document.file.name}: {why}")
        if problems:
            raise CommandError(f"{len(problems)} arkiverade dokument stämmer inte.")
        self.stdout.write(self.style.SUCCESS(f"{documents.count()} arkiverade dokument stämmer med sina kontrollsummor."))
