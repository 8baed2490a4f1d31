from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from lots.identity import services
from lots.identity.models import IdentityProvider
from lots.identity.saml import validate_config


class Command(BaseCommand):
    help = (
        "Läser in en SAML-identitetstjänsts metadata (XML) för en identitetstjänst i Lots, kontrollerar den och "
        "skriver ut adressen till Lots metadata, som identitetstjänsten ska ha."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="Identitetstjänstens kortnamn i Lots.")
        parser.add_argument("metadata", help="Fil med identitetstjänstens metadata, eller - för standard in.")
        parser.add_argument("--idp-entity-id", default="", help="Vilken identitetstjänst, när metadata beskriver flera.")

    def handle(self, *args, slug, metadata, idp_entity_id, **options):
        provider = IdentityProvider.objects.filter(slug=slug, protocol=IdentityProvider.Protocol.SAML).first()
        if provider is None:
            raise CommandError(f"Ingen SAML-identitetstjänst har kortnamnet {slug!r}.")
        try:
            xml = self.stdin.read() if metadata == "-" else Path(metadata).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Kunde inte läsa {metadata}: {error}") from None
        config = {**(provider.config if isinstance(provider.config, dict) else {}), "idp_metadata": xml}
        if idp_entity_id:
            config["idp_entity_id"] = idp_entity_id
        errors = validate_config(config)
        if errors:
            raise CommandError(" ".join(f"{key}: {message}" for key, message in sorted(errors.items())))
        services.provider_update(actor=None, provider=provider, expected_version=None, config=config)
        self.stdout.write(settings.SITE_URL + reverse("identity:saml_metadata", args=[provider.slug]))
