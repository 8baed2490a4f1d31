"""Import of employments from the HR system's CSV export: read the file, map its columns, validate every row in
Swedish, then import all or nothing (lots.staff.services.employments_import). The API pushes the same rows as JSON
and goes through the same validation."""

import datetime
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lots import access
from lots.accounts.models import User
from lots.core import csvimport
from lots.core.csvimport import ImportFileError, Target  # noqa: F401  (the views and the API name them here)
from lots.lib.text import clean_input
from lots.organisation.models import Unit
from lots.staff.models import EmployeeNumber

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
FIELD_MAX = {
    "username": 150,
    "email": 254,
    "employee_number": 40,
    "first_name": 150,
    "last_name": 150,
    "unit": 60,
    "title": 200,
    "external_id": 100,
    "starts_on": 20,
    "ends_on": 20,
}


TARGETS = [
    Target(
        "employee_number",
        gettext_lazy("Anställningsnummer"),
        False,
        ("anställningsnummer", "anstnr", "anst.nr", "personalnummer"),
    ),
    Target("username", gettext_lazy("Användarnamn"), False, ("användarnamn", "användare", "login", "username")),
    Target("email", gettext_lazy("E-post"), False, ("e-post", "epost", "e-postadress", "mejl", "email")),
    Target("first_name", gettext_lazy("Förnamn"), False, ("förnamn", "fornamn", "tilltalsnamn")),
    Target("last_name", gettext_lazy("Efternamn"), False, ("efternamn",)),
    Target("unit", gettext_lazy("Enhet (kod)"), True, ("enhet", "enhetskod", "kostnadsställe", "arbetsplats")),
    Target("starts_on", gettext_lazy("Anställd från"), True, ("startdatum", "från", "anställd från", "fr.o.m.", "from")),
    Target("ends_on", gettext_lazy("Anställd till och med"), False, ("slutdatum", "till", "anställd till", "t.o.m.", "tom")),
    Target("title", gettext_lazy("Befattning"), False, ("befattning", "titel", "yrke", "tjänst")),
    Target(
        "external_id", gettext_lazy("Anställningens id i personalsystemet"), False, ("anställnings-id", "anställningsid", "id")
    ),
]
TARGET_NAMES = [t.name for t in TARGETS]
DATE_FORMATS = ["%Y-%m-%d", "%Y%m%d", "%d/%m/%Y", "%d.%m.%Y"]


def read_csv(data: bytes) -> tuple[list[str], list[list[str]]]:
    return csvimport.read_csv(data, max_bytes=MAX_BYTES, max_rows=MAX_ROWS, what=_("anställningar"))


def guess_mapping(headers: list[str]) -> dict[str, int | None]:
    return csvimport.guess_mapping(TARGETS, headers)


class MappingForm(csvimport.ColumnMappingForm):
    """Which column holds what, and whether unknown people get an account."""

    targets = TARGETS

    def __init__(self, *args, headers: list[str], **kwargs):
        super().__init__(*args, headers=headers, **kwargs)
        self.fields["create_accounts"] = forms.BooleanField(
            label=_("Skapa konton för personer som inte finns i Lots (med rollen medarbetare på enheten)"), required=False
        )

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(name) not in (None, "") for name in ("employee_number", "username", "email")):
            self.add_error(
                "employee_number", _("Välj minst en kolumn som pekar ut personen: anställningsnummer, användarnamn eller e-post.")
            )
        return cleaned


def records_from(body: list[list[str]], mapping: dict[str, int | None]) -> list[dict[str, str]]:
    """The file's rows as records of text by target name."""
    records = []
    for raw in body:
        records.append(
            {name: (raw[index].strip() if index is not None and index < len(raw) else "") for name, index in mapping.items()}
        )
    return records


@dataclass
class Validation:
    rows: list[dict] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def errors_by_line(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for line, message in self.errors:
            found.setdefault(f"rad {line}", []).append(message)
        return found


def parse_date(value: str) -> datetime.date | None:
    for fmt in DATE_FORMATS:
        try:
            parsed = datetime.datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
        if 1900 <= parsed.year <= 2999:
            return parsed
    return None


def _units_by_code(user) -> dict[str, list[Unit]]:
    found: dict[str, list[Unit]] = {}
    for unit in access.scope(Unit.objects.all(), user, "staff.import", field=None).select_related("municipality"):
        found.setdefault(unit.code.casefold(), []).append(unit)
    return found


def validate(user, records: list[dict[str, str]], *, create_accounts: bool, first_line: int = 2) -> Validation:
    """Check every record; any error stops the whole import. Units are matched by code among the units where
    ``user`` may import; people by employee number, else username, else e-mail."""
    units = _units_by_code(user)
    numbers = {n.number: n.person for n in EmployeeNumber.objects.select_related("person")}
    result = Validation()
    seen_ids: dict[tuple, int] = {}
    for offset, record in enumerate(records):
        line = first_line + offset
        cell = {name: clean_input(str(record.get(name) or "")).strip() for name in TARGET_NAMES}
        errors: list[str] = []
        for name, limit in FIELD_MAX.items():
            if len(cell[name]) > limit:
                errors.append(_("%(f)s är längre än %(n)s tecken") % {"f": _label(name), "n": limit})
                cell[name] = cell[name][:limit]
        row: dict = {"line": line, "person": None, "new_person": None, "employee_number": cell["employee_number"]}

        person = _find_person(cell, numbers, errors)
        if person is None and not errors:
            if not (cell["employee_number"] or cell["username"] or cell["email"]):
                errors.append(_("personen saknas: ange anställningsnummer, användarnamn eller e-post"))
            elif not create_accounts:
                errors.append(
                    _("personen %(who)s finns inte i Lots; välj att skapa konton eller lägg in personen först")
                    % {"who": cell["employee_number"] or cell["username"] or cell["email"]}
                )
            elif not (cell["first_name"] and cell["last_name"]):
                errors.append(_("för att skapa ett konto behövs förnamn och efternamn"))
            else:
                if cell["email"]:
                    try:
                        validate_email(cell["email"])
                    except ValidationError:
                        errors.append(_("e-postadressen ”%(v)s” är inte giltig") % {"v": cell["email"]})
                row["new_person"] = {
                    "key": (cell["employee_number"] or cell["username"] or cell["email"]).casefold(),
                    "username": cell["username"],
                    "email": cell["email"],
                    "first_name": cell["first_name"],
                    "last_name": cell["last_name"],
                }
        row["person"] = person
        row["person_label"] = str(person) if person else f"{cell['first_name']} {cell['last_name']}".strip()

        candidates = units.get(cell["unit"].casefold(), [])
        unit = candidates[0] if len(candidates) == 1 else None
        if not cell["unit"]:
            errors.append(_("enhet saknas"))
        elif not candidates:
            errors.append(_("enheten ”%(v)s” finns inte bland de enheter du får läsa in anställningar för") % {"v": cell["unit"]})
        elif len(candidates) > 1:
            errors.append(_("enhetskoden ”%(v)s” finns i flera kommuner") % {"v": cell["unit"]})
        elif not unit.is_open:
            errors.append(_("enheten ”%(v)s” är stängd") % {"v": cell["unit"]})
        row["unit"] = unit

        starts_on = parse_date(cell["starts_on"])
        if starts_on is None:
            errors.append(_("anställd från: ”%(v)s” är inte ett datum (ÅÅÅÅ-MM-DD)") % {"v": cell["starts_on"]})
        ends_on = parse_date(cell["ends_on"]) if cell["ends_on"] else None
        if cell["ends_on"] and ends_on is None:
            errors.append(_("anställd till och med: ”%(v)s” är inte ett datum (ÅÅÅÅ-MM-DD)") % {"v": cell["ends_on"]})
        if starts_on and ends_on and ends_on < starts_on:
            errors.append(_("slutdatumet ligger före startdatumet"))
        row.update(starts_on=starts_on, ends_on=ends_on, title=cell["title"], external_id=cell["external_id"])

        if unit is not None and cell["external_id"]:
            key = (unit.pk, cell["external_id"])
            if key in seen_ids:
                errors.append(_("id %(id)s finns också på rad %(other)s") % {"id": cell["external_id"], "other": seen_ids[key]})
            seen_ids[key] = line
        result.errors.extend((line, message) for message in errors)
        result.rows.append(row)
    return result


def _find_person(cell: dict, numbers: dict, errors: list[str]) -> User | None:
    if cell["employee_number"] and cell["employee_number"] in numbers:
        return numbers[cell["employee_number"]]
    if cell["username"]:
        found = User.objects.filter(username__iexact=cell["username"]).first()
        if found is not None:
            return found
    if cell["email"]:
        found = list(User.objects.filter(email__iexact=cell["email"])[:2])
        if len(found) > 1:
            errors.append(
                _("flera konton har e-postadressen %(v)s; ange användarnamn eller anställningsnummer") % {"v": cell["email"]}
            )
            return None
        if found:
            return found[0]
    return None


def _label(name: str) -> str:
    return str(next(t.label for t in TARGETS if t.name == name)).lower()
