"""Reading placements from the case-management system: CSV, column mapping, and a check of every row.

The CSV page and the API push both end in ``validate``: the API's rows are cells under fixed column names. A row
with an error stops the whole import (the service imports all rows in one transaction or none). Case references
are pseudonymous: a personal or coordination number anywhere in the file, or a likely name in a case reference,
is refused (lots.lib.integrity).
"""

import datetime
import re
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lots.core import csvimport
from lots.core.csvimport import ImportFileError, Target  # noqa: F401  (the views and the API name them here)
from lots.lib import integrity
from lots.organisation.models import Municipality, Unit
from lots.watch.models import PlacementKind

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10000
MAX_REFERENCE = 40
# A pseudonymous reference: letters, digits and - / . _ with at least one digit ("BU-2026-0042").
REFERENCE_RE = re.compile(r"^(?=.*\d)[\w./-]+$")


TARGETS = [
    Target("case_reference", gettext_lazy("Ärendereferens"), True, ("ärendereferens", "referens", "ärende", "ärendenr")),
    Target("unit", gettext_lazy("Enhet (kod)"), True, ("enhet", "enhetskod", "kod")),
    Target(
        "worker",
        gettext_lazy("Ansvarig handläggare (användarnamn eller e-post)"),
        True,
        ("handläggare", "ansvarig", "socialsekreterare"),
    ),
    Target("kind", gettext_lazy("Placeringstyp"), True, ("placeringstyp", "typ", "placering", "insats")),
    Target("start_date", gettext_lazy("Startdatum"), True, ("startdatum", "start", "placerad", "placeringsdatum")),
    Target("last_visit_date", gettext_lazy("Senaste besök"), False, ("senaste besök", "besök", "besöksdatum")),
    Target(
        "last_reconsideration_date",
        gettext_lazy("Senaste övervägande/omprövning"),
        False,
        ("senaste övervägande", "övervägande", "omprövning", "senaste omprövning"),
    ),
    Target("end_date", gettext_lazy("Slutdatum"), False, ("slutdatum", "slut", "avslutad", "utskriven")),
]
TARGET_NAMES = [t.name for t in TARGETS]

# How case-management systems write the placement type; the value itself (barn_sol_hvb …) is also accepted.
KIND_WORDS = {
    "barn sol familjehem": PlacementKind.CHILD_SOL_FAMILY_HOME,
    "barn sol hvb": PlacementKind.CHILD_SOL_HVB,
    "barn sol stödboende": PlacementKind.CHILD_SOL_SUPPORTED,
    "barn lvu familjehem": PlacementKind.CHILD_LVU_FAMILY_HOME,
    "barn lvu hvb": PlacementKind.CHILD_LVU_HVB,
    "barn lvu stödboende": PlacementKind.CHILD_LVU_SUPPORTED,
    "vuxen frivillig vård dygnet runt": PlacementKind.ADULT_VOLUNTARY,
    "vuxen frivillig dygnsvård": PlacementKind.ADULT_VOLUNTARY,
    "vuxen frivillig vård": PlacementKind.ADULT_VOLUNTARY,
}
DATE_FORMATS = ["%Y-%m-%d", "%Y%m%d", "%d/%m/%Y", "%d.%m.%Y"]


def kind_of(text: str) -> str | None:
    words = re.sub(r"[\s,;:/_-]+", " ", text.casefold()).strip()
    if words.replace(" ", "_") in PlacementKind.values:
        return words.replace(" ", "_")
    return KIND_WORDS.get(words)


def read_csv(data: bytes) -> tuple[list[str], list[list[str]]]:
    return csvimport.read_csv(data, max_bytes=MAX_BYTES, max_rows=MAX_ROWS, what=_("placeringar"), split_hint=_("per enhet"))


def guess_mapping(headers: list[str]) -> dict[str, int | None]:
    return csvimport.guess_mapping(TARGETS, headers)


class MappingForm(csvimport.ColumnMappingForm):
    """One select per target field: which column of the file holds it."""

    targets = TARGETS


@dataclass
class Validation:
    rows: list[dict] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    @property
    def units(self) -> list[Unit]:
        found = {row["unit"].pk: row["unit"] for row in self.rows if row.get("unit") is not None}
        return sorted(found.values(), key=lambda u: u.path)


def parse_date(value: str) -> datetime.date | None:
    value = value.strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def _workers(municipality: Municipality, body: list[list[str]], index: int | None) -> dict[str, object]:
    """Active people named in the worker column, by username and e-mail (lower case), a query per 500 names."""
    if index is None:
        return {}
    names = sorted({row[index].strip().lower() for row in body if index < len(row) and row[index].strip()})
    User = get_user_model()
    found: dict[str, object] = {}
    people = User.objects.filter(is_active=True).annotate(username_lower=Lower("username"), email_lower=Lower("email"))
    for start in range(0, len(names), 500):
        chunk = names[start : start + 500]
        for user in people.filter(Q(username_lower__in=chunk) | Q(email_lower__in=chunk)).order_by("pk"):
            found.setdefault(user.username.lower(), user)
            if user.email:
                found.setdefault(user.email.lower(), user)
    return found


def personal_numbers_in(body: list[list[str]]) -> list[tuple[int, int]]:
    """(line, column) of every cell holding a personal or coordination number, both counted from 1 (the header is
    line 1)."""
    return [
        (offset + 2, index + 1)
        for offset, raw in enumerate(body)
        for index, value in enumerate(raw)
        if integrity.find_personal_numbers(value)
    ]


def validate(
    municipality: Municipality,
    body: list[list[str]],
    mapping: dict[str, int | None],
    *,
    allowed_units,
    today: datetime.date | None = None,
) -> Validation:
    """Check every row. ``allowed_units`` is the queryset of units the person may import for."""
    today = today or timezone.localdate()
    units = {u.code.casefold(): u for u in Unit.objects.filter(municipality=municipality)}
    allowed = set(allowed_units.filter(municipality=municipality).values_list("pk", flat=True))
    known_words = [word for u in units.values() for word in re.findall(r"\w+", u.name)]
    workers = _workers(municipality, body, mapping.get("worker"))
    result = Validation()
    seen: dict[str, int] = {}

    for offset, raw in enumerate(body):
        line = offset + 2  # the header is line 1

        def cell(name: str, raw=raw) -> str:
            index = mapping.get(name)
            return raw[index].strip() if index is not None and index < len(raw) else ""

        errors: list[str] = []
        row: dict = {"line": line}
        # A personal or coordination number is refused wherever it stands, mapped or not: the file must not carry one.
        for index, value in enumerate(raw):
            if integrity.find_personal_numbers(value):
                errors.append(
                    _("kolumn %(n)s innehåller ett personnummer eller samordningsnummer – ta bort det i filen") % {"n": index + 1}
                )

        reference = cell("case_reference")
        if not reference:
            errors.append(_("ärendereferens saknas"))
        elif len(reference) > MAX_REFERENCE:
            errors.append(_("ärendereferensen är längre än %(n)s tecken") % {"n": MAX_REFERENCE})
        elif not REFERENCE_RE.match(reference):
            errors.append(
                _("ärendereferensen ”%(v)s” ska vara en pseudonym referens med siffror, till exempel BU-2026-0042")
                % {"v": reference}
            )
        elif integrity.find_likely_names(reference, known_words=known_words):
            errors.append(_("ärendereferensen ser ut att innehålla ett namn – använd ärendets pseudonyma referens"))
        elif reference.casefold() in seen:
            errors.append(_("ärendereferensen finns också på rad %(other)s") % {"other": seen[reference.casefold()]})
        if reference:
            seen.setdefault(reference.casefold(), line)
        row["case_reference"] = reference

        unit_text = cell("unit")
        unit = units.get(unit_text.casefold())
        if unit is None:
            errors.append(_("enheten ”%(v)s” finns inte i %(m)s") % {"v": unit_text, "m": municipality.name})
        elif not unit.is_open:
            errors.append(_("enheten ”%(v)s” är stängd") % {"v": unit_text})
        elif unit.pk not in allowed:
            errors.append(_("du får inte läsa in placeringar för enheten ”%(v)s”") % {"v": unit_text})
        row["unit"] = unit

        worker_text = cell("worker")
        worker = workers.get(worker_text.lower()) if worker_text else None
        if not worker_text:
            errors.append(_("ansvarig handläggare saknas"))
        elif worker is None:
            errors.append(_("handläggaren ”%(v)s” finns inte i Lots (ange användarnamn eller e-postadress)") % {"v": worker_text})
        row["worker"] = worker

        kind_text = cell("kind")
        kind = kind_of(kind_text)
        if kind is None:
            errors.append(
                _(
                    "placeringstypen ”%(v)s” är okänd (till exempel ”barn SoL HVB”, ”barn LVU familjehem” "
                    "eller ”vuxen frivillig vård dygnet runt”)"
                )
                % {"v": kind_text}
            )
        row["kind"] = kind
        row["kind_label"] = PlacementKind(kind).label if kind else ""

        dates = {}
        for name, label in (
            ("start_date", _("startdatum")),
            ("last_visit_date", _("senaste besök")),
            ("last_reconsideration_date", _("senaste övervägande")),
            ("end_date", _("slutdatum")),
        ):
            text = cell(name)
            value = parse_date(text) if text else None
            if name == "start_date" and not text:
                errors.append(_("startdatum saknas"))
            elif text and value is None:
                errors.append(_("%(f)s: ”%(v)s” är inte ett datum (ÅÅÅÅ-MM-DD)") % {"f": label, "v": text})
            elif value is not None and value.year < 1990:
                errors.append(_("%(f)s ligger före 1990") % {"f": label})
                value = None
            elif value is not None and name != "end_date" and value > today:
                errors.append(_("%(f)s ligger i framtiden") % {"f": label})
                value = None
            dates[name] = value
        if dates["start_date"] and dates["end_date"] and dates["end_date"] < dates["start_date"]:
            errors.append(_("slutdatum ligger före startdatum"))
        row.update(dates)

        result.errors.extend((line, e) for e in errors)
        result.rows.append(row)
    return result
