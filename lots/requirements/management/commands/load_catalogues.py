from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from lots.requirements import services


class Command(BaseCommand):
    help = (
        "Läser in kravkatalogerna i lots/requirements/catalogues/ (eller de angivna YAML-filerna) som gemensamma kataloger. "
        "En ändrad fil blir en ny version; en oförändrad ger ingenting nytt."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", help="YAML-filer; utan argument läses alla filer i catalogues/.")

    def handle(self, *args, **options):
        paths = options["paths"] or services.catalogue_files()
        if not paths:
            raise CommandError("Hittade inga katalogfiler.")
        for path in paths:
            try:
                catalogue, version = services.catalogue_load_file(actor=None, path=path)
            except (ValidationError, OSError) as error:
                message = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
                raise CommandError(message) from None
            if version is None:
                self.stdout.write(f"  {catalogue.key}: oförändrad")
            else:
                count = version.requirements.count()
                self.stdout.write(f"  {catalogue.key}: version {version.number} ({version.label or '–'}), {count} krav")
