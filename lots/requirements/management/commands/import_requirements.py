import hashlib
import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from lots.organisation.models import Municipality
from lots.requirements import services
from lots.requirements.importer import UnreadableDocument, parse_document
from lots.requirements.models import Catalogue


class Command(BaseCommand):
    help = (
        "Läser in ett kravdokument (Markdown, Word, PDF eller text) som kravkatalog. Med --dry-run sparas ingenting; "
        "--json skriver katalogen som JSON. Samma dokument igen (samma titel) blir en ny version med skillnaderna."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Dokumentet som ska läsas in.")
        parser.add_argument("--dry-run", action="store_true", help="Visa resultatet utan att spara.")
        parser.add_argument("--json", action="store_true", help="Skriv katalogen som JSON.")
        parser.add_argument("--municipality", help="Kommunens kortnamn; utan det blir katalogen gemensam för alla kommuner.")
        parser.add_argument("--catalogue", help="Kortnamnet på en befintlig katalog som dokumentet är en ny version av.")
        parser.add_argument("--issuer", help="Utfärdare, om dokumentet inte anger den.")

    def handle(self, *args, **options):
        path = Path(options["path"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Kan inte läsa {path}: {error.strerror}.") from None
        try:
            parsed = parse_document(data, path.name)
        except UnreadableDocument as error:
            raise CommandError(str(error)) from None
        if options["issuer"] and not parsed.issuer:
            parsed.issuer = options["issuer"]
        if options["dry_run"]:
            self._show(parsed, options["json"])
            return
        municipality = self._municipality(options["municipality"])
        catalogue = self._catalogue(municipality, options["catalogue"], parsed.title, parsed.key)
        try:
            catalogue, version = services.catalogue_import(
                actor=None,
                municipality=municipality,
                data=parsed.to_data(),
                catalogue=catalogue,
                source_sha256=hashlib.sha256(data).hexdigest(),
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if options["json"]:
            self._show(parsed, True)
        if version is None:
            self.stderr.write(f"{catalogue.title}: samma innehåll som senaste versionen; ingenting sparades.")
        else:
            count = version.requirements.count()
            self.stderr.write(f"{catalogue.title}: version {version.number} sparad med {count} krav (katalog {catalogue.key}).")

    def _show(self, parsed, as_json: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps(parsed.to_json(), ensure_ascii=False, indent=2))
            return
        self.stdout.write(parsed.title)
        for section, depth in parsed.walk():
            self.stdout.write(f"{'  ' * depth}{section.number + ' ' if section.number else ''}{section.title}")
            for requirement in section.requirements:
                self.stdout.write(f"{'  ' * depth}  – [{requirement.strength}] {requirement.text}")
        self.stdout.write(f"{len(parsed.requirements())} krav")

    @staticmethod
    def _municipality(slug: str | None) -> Municipality | None:
        if not slug:
            return None
        try:
            return Municipality.objects.get(slug=slug)
        except Municipality.DoesNotExist:
            raise CommandError(f"Det finns ingen kommun med kortnamnet {slug}.") from None

    @staticmethod
    def _catalogue(municipality, key: str | None, title: str, file_key: str = "") -> Catalogue | None:
        """The catalogue named, else the one with the catalogue file's key, else the one with the same title."""
        catalogues = Catalogue.objects.filter(municipality=municipality)
        if key:
            try:
                return catalogues.get(key=key)
            except Catalogue.DoesNotExist:
                raise CommandError(f"Det finns ingen katalog med kortnamnet {key}.") from None
        if file_key:
            same_key = catalogues.filter(key=file_key).first()
            if same_key is not None:
                return same_key
        return catalogues.filter(title__iexact=title).order_by("pk").first()
