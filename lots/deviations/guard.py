"""The integrity guard with a municipality's own words: unit, municipality and category names are not people.

Every service that saves free text which ends up in a document or in another person's view calls ``check``;
the web forms and the API turn its error into a warning the person can answer by changing the text, replacing
the findings with a case reference, or confirming the text as it stands.
"""

from collections.abc import Iterable, Mapping

from lots.lib import integrity
from lots.organisation.models import Municipality, Unit

describe = integrity.describe


def known_words(municipality: Municipality) -> set[str]:
    """Unit, municipality and category names, and common domain words: capitalised, but not people."""
    words = set(integrity.DOMAIN_WORDS)
    words.update(municipality.name.split())
    names = Unit.objects.filter(municipality=municipality).values_list("name", "public_name")
    categories = municipality.deviation_categories.values_list("name", flat=True)
    for name, public_name in names:
        words.update(name.replace(",", " ").split())
        words.update(public_name.replace(",", " ").split())
    for name in categories:
        words.update(name.split())
    return words


def scan_report(municipality: Municipality, fields: dict[str, str]) -> dict[str, list[integrity.Finding]]:
    return integrity.scan_fields(fields, known_words=known_words(municipality))


def check(
    municipality: Municipality, fields: Mapping[str, str], *, confirmed: bool = False, also_known: Iterable[str] = ()
) -> dict[str, list[integrity.Finding]]:
    """``integrity.check`` with the municipality's words; raises ValidationError naming each field unless confirmed."""
    texts = {name: value for name, value in fields.items() if isinstance(value, str)}
    if not any(texts.values()):
        return {}
    return integrity.check(texts, known_words=known_words(municipality) | set(also_known), confirmed=confirmed)
