"""Swedish identifiers: organisation numbers (validated with the organisationsnummer package)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from organisationsnummer.organisationsnummer import Organisationsnummer, OrganisationsnummerException


def normalise_organisation_number(value: str) -> str:
    """Return the number as NNNNNN-NNNN, or raise ValidationError with a Swedish message."""
    cleaned = (value or "").strip().replace(" ", "")
    try:
        return Organisationsnummer(cleaned).format(True)
    except OrganisationsnummerException:
        raise ValidationError(
            _("Organisationsnumret är inte giltigt. Skriv det som tio siffror, till exempel 556016-0680."),
            code="invalid_organisation_number",
        ) from None
