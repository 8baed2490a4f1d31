"""The integrity guard as deviations use it: which words are known not to be people, and the Swedish messages."""

from django.utils.translation import gettext as _

from lots.lib import integrity
from lots.organisation.models import Municipality, Unit

# Words that start with a capital in Swedish social-services text without being a person.
DOMAIN_WORDS = """
    IVO Lex Sarah SoL LSS LVU LVM HVB BBIC Socialstyrelsen Socialtjänsten Socialnämnden Socialförvaltningen
    Inspektionen Polisen Försäkringskassan Arbetsförmedlingen Kronofogden Migrationsverket Skatteverket Region
    Regionen Kommunen Vårdcentralen Akuten BUP Psykiatrin Skolan Förskolan Sverige Stockholm Teams Outlook Excel
    Word Lots BankID SITHS Treserva Procapita Lifecare Viva Combine
""".split()


def known_words(municipality: Municipality) -> set[str]:
    """Unit, municipality and category names, and common domain words: capitalised, but not people."""
    words = set(DOMAIN_WORDS)
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


def describe(finding: integrity.Finding) -> str:
    if finding.is_personal_number:
        return _("ett personnummer eller samordningsnummer: %(text)s") % {"text": finding.text}
    return _("ett namn: %(text)s") % {"text": finding.text}
