"""The integrity guard for the ledger's texts: the client is named only by a pseudonymous reference.

The reference itself is refused outright when it looks like a name or holds a personal identity number (it must hold
a digit, as case references do). Descriptions and explanations may be kept as they stand when the person confirms
them, like the deviation reports' texts (lots.lib.integrity).
"""

import re
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lots.lib import integrity
from lots.organisation.models import Unit

_REFERENCE_RE = re.compile(r"^[0-9A-Za-zÅÄÖåäö][0-9A-Za-zÅÄÖåäö\-_/.: ]*$")


def known_words(unit: Unit) -> set[str]:
    """Words that are capitalised without being people: the municipality's unit names and the domain's words."""
    words = set(integrity.DOMAIN_WORDS)
    words.update(unit.municipality.name.split())
    for name, public_name in Unit.objects.filter(municipality_id=unit.municipality_id).values_list("name", "public_name"):
        words.update(name.replace(",", " ").split())
        words.update(public_name.replace(",", " ").split())
    return words


def check_reference(reference: str, field: str = "reference") -> str:
    """The reference stripped, or ValidationError at ``field``: letters, digits and - _ / . : only, at least one digit,
    no personal identity number and nothing that reads as a name."""
    reference = reference.strip()
    if not reference:
        raise ValidationError({field: _("Skriv en klientreferens.")})
    if not _REFERENCE_RE.match(reference) or not any(c.isdigit() for c in reference):
        raise ValidationError(
            {field: _("Skriv en pseudonym referens med minst en siffra, t.ex. EM-2026-014 (bokstäver, siffror och - / . :).")}
        )
    found = integrity.scan(reference)
    if found:
        described = "; ".join(integrity.describe(f) for f in found)
        raise ValidationError(
            {
                field: _(
                    "Referensen ser ut att innehålla %(found)s. Använd en pseudonym referens, aldrig namn eller personnummer."
                )
                % {"found": described}
            }
        )
    return reference


def check_texts(unit: Unit, fields: Mapping[str, str], *, confirmed: bool) -> None:
    """ValidationError naming each text that may hold a name or a personal number, unless the person confirmed it."""
    texts = {name: value for name, value in fields.items() if isinstance(value, str) and value.strip()}
    if texts:
        integrity.check(texts, known_words=known_words(unit), confirmed=confirmed)
