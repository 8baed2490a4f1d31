"""Password rules for local passwords, beside Django's own validators (see AUTH_PASSWORD_VALIDATORS).

Both validators work offline. ``BreachedPasswordValidator`` refuses passwords found on Django's list of common
passwords or on Lots' list of common Swedish passwords and the words they are built from
(``data/common-passwords-sv.txt``), also with digits or signs added before or after and with letters written as
digits (``S0mmar``). ``GuessablePatternValidator`` refuses a season, month or weekday (Swedish or English), a
municipality's name or the person's own name, with a year — the first things an attacker tries.
"""

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

SWEDISH_LIST = Path(__file__).resolve().parent / "data" / "common-passwords-sv.txt"

# Letters written as digits or signs ("l33t"); applied only to the part of a password that is not the year.
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "@": "a", "$": "s", "€": "e"})
_ASCII = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u"})
_EDGES = re.compile(r"^[\W\d_]+|[\W\d_]+$")
_SEPARATORS = re.compile(r"[\s\W_]+")

CALENDAR_WORDS = frozenset(
    """
    vår våren vårens varen höst hösten höstens hosten sommar sommaren sommarens vinter vintern vinterns
    spring summer autumn fall winter
    januari februari mars april maj juni juli augusti september oktober november december
    january february march may june july august october
    jan feb mar apr jun jul aug sep sept okt oct nov dec
    måndag tisdag onsdag torsdag fredag lördag söndag
    monday tuesday wednesday thursday friday saturday sunday
    jul julen påsk påsken midsommar nyår
    """.split()
)


def _normal(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def _forms(word: str) -> set[str]:
    """A word as people type it: as written, and with å, ä and ö as a, a and o."""
    word = _SEPARATORS.sub("", _normal(word))
    return {word, word.translate(_ASCII)} if word else set()


@lru_cache(maxsize=1)
def known_passwords() -> frozenset[str]:
    """Django's list of common passwords and Lots' Swedish list, each in the forms people type them."""
    words = set(CommonPasswordValidator().passwords)
    for line in SWEDISH_LIST.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            words.add(line.strip())
    found: set[str] = set()
    for word in words:
        found |= _forms(word)
    return frozenset(found)


def _candidates(password: str) -> set[str]:
    """The password, and its core with digits and signs around it taken away and digits read as letters."""
    text = _normal(password)
    core = _EDGES.sub("", text)
    cores = {core, core.translate(_LEET)}
    return {text, _SEPARATORS.sub("", text)} | {form for c in cores for form in _forms(c)}


class BreachedPasswordValidator:
    """Refuses common passwords (Django's list and Lots' Swedish one), also with digits or signs around them."""

    def validate(self, password: str, user=None) -> None:
        known = known_passwords()
        if any(candidate in known for candidate in _candidates(password) if len(candidate) >= 3):
            raise ValidationError(
                _(
                    "Lösenordet finns på listor över vanliga eller läckta lösenord, eller bygger på ett vanligt ord "
                    "med siffror eller tecken runt. Välj ett annat, gärna flera ord som inte hör ihop."
                ),
                code="password_too_common",
            )

    def get_help_text(self) -> str:
        return _("Lösenordet får inte vara ett vanligt eller läckt lösenord.")


_YEAR_AFTER = re.compile(r"^(?P<word>.*?)(?P<year>\d{2}|\d{4})$")
_YEAR_BEFORE = re.compile(r"^(?P<year>\d{2}|\d{4})(?P<word>.*)$")
SLACK = 3  # letters beside the word that do not make the password less guessable ("Sommar!2026", "Minsommar26")


def _word_and_year(password: str) -> str | None:
    """The part of the password beside a two- or four-digit year at its start or end (signs around ignored), in the
    forms people type it, or None when there is no such year."""
    text = re.sub(r"^[\W_]+|[\W_]+$", "", _normal(password))
    match = _YEAR_AFTER.match(text) or _YEAR_BEFORE.match(text)
    if match is None:
        return None
    return _SEPARATORS.sub("", match.group("word")).translate(_LEET)


def _built_on(word: str, names: set[str]) -> bool:
    forms = {word, word.translate(_ASCII)}
    return any(name in form and len(form) - len(name) <= SLACK for form in forms for name in names if len(name) >= 3)


def _municipality_names() -> set[str]:
    from lots.organisation.models import Municipality

    names: set[str] = set()
    for name in Municipality.objects.values_list("name", flat=True):
        names |= _forms(name)
        place = re.sub(r"\s*kommun$", "", _normal(name))
        names |= _forms(place)
        if place.endswith("s"):  # "Katrineholms kommun": the town is Katrineholm
            names |= _forms(place[:-1])
    return names


def _person_names(user) -> set[str]:
    names: set[str] = set()
    for field in ("first_name", "last_name", "username"):
        value = getattr(user, field, "") or ""
        names |= _forms(value)
        for part in re.split(r"[\s\-.@_]+", value):
            names |= _forms(part)
    return names


class GuessablePatternValidator:
    """Refuses a season, month or weekday (Swedish or English), a municipality's name or the person's name, with a
    year before or after it: ``Sommar2026``, ``Vinter2025!``, ``hösten24``, ``S0mmar2026``, ``Katrineholm2026``."""

    def validate(self, password: str, user=None) -> None:
        word = _word_and_year(password)
        if word is None:
            return
        calendar: set[str] = set()
        for name in CALENDAR_WORDS:
            calendar |= _forms(name)
        if _built_on(word, calendar):
            raise ValidationError(
                _(
                    "Lösenordet är en årstid, månad eller veckodag med ett årtal (som Sommar2026). Sådana lösenord "
                    "prövas först vid intrång. Välj ett annat."
                ),
                code="password_calendar_year",
            )
        if _built_on(word, _municipality_names()):
            raise ValidationError(
                _("Lösenordet är en kommuns namn med ett årtal. Sådana lösenord prövas först vid intrång. Välj ett annat."),
                code="password_place_year",
            )
        if user is not None and _built_on(word, _person_names(user)):
            raise ValidationError(
                _("Lösenordet är ditt namn eller användarnamn med ett årtal. Välj ett annat."),
                code="password_name_year",
            )

    def get_help_text(self) -> str:
        return _("Lösenordet får inte vara en årstid, månad, veckodag, en kommun eller ditt namn med ett årtal.")
