"""Import of deviations from another system's CSV export: read, map columns, validate every row, then import all or nothing."""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lots.core.forms import LotsForm
from lots.deviations.models import Deviation, DeviationCategory
from lots.lib import integrity
from lots.organisation.models import Municipality, Unit

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000


@dataclass(frozen=True)
class Target:
    name: str
    label: str
    required: bool
    guesses: tuple[str, ...]


TARGETS = [
    Target(
        "external_reference",
        gettext_lazy("Id i det andra systemet"),
        False,
        ("id", "nummer", "löpnummer", "avvikelsenummer", "ärendenr"),
    ),
    Target("occurred_at", gettext_lazy("Inträffade (datum och tid)"), True, ("inträffade", "händelsedatum", "datum", "tidpunkt")),
    Target("reported_at", gettext_lazy("Rapporterad (datum)"), False, ("rapporterad", "rapportdatum", "registrerad", "skapad")),
    Target("unit", gettext_lazy("Enhet (kod eller namn)"), True, ("enhet", "enhetskod", "verksamhet", "avdelning")),
    Target("category", gettext_lazy("Kategori"), False, ("kategori", "typ", "avvikelsetyp", "område")),
    Target("description", gettext_lazy("Vad hände"), True, ("beskrivning", "händelse", "vad hände", "text")),
    Target("immediate_action", gettext_lazy("Vad gjordes direkt"), False, ("åtgärd", "omedelbar åtgärd", "vidtagen åtgärd")),
    Target("possible_lex_sarah", gettext_lazy("Lex Sarah (ja/nej)"), False, ("lex sarah", "missförhållande", "lexsarah")),
    Target("case_reference", gettext_lazy("Ärendereferens"), False, ("ärendereferens", "referens", "ärende")),
    Target("state", gettext_lazy("Status"), False, ("status", "tillstånd")),
    Target("closed_at", gettext_lazy("Avslutad (datum)"), False, ("avslutad", "avslutsdatum", "stängd")),
]

STATE_WORDS = {
    "rapporterad": Deviation.State.REPORTED,
    "ny": Deviation.State.REPORTED,
    "inkommen": Deviation.State.REPORTED,
    "mottagen": Deviation.State.RECEIVED,
    "under utredning": Deviation.State.INVESTIGATING,
    "utreds": Deviation.State.INVESTIGATING,
    "pågående": Deviation.State.INVESTIGATING,
    "åtgärdad": Deviation.State.RESOLVED,
    "avslutad": Deviation.State.CLOSED,
    "stängd": Deviation.State.CLOSED,
    "klar": Deviation.State.CLOSED,
}
YES = {"ja", "j", "x", "1", "true", "sant", "yes"}
NO = {"", "nej", "n", "0", "false", "falskt", "no"}
DATE_FORMATS = ["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%d.%m.%Y"]


class ImportFileError(Exception):
    """The file cannot be read as CSV; the message says why, in Swedish."""


def read_csv(data: bytes) -> tuple[list[str], list[list[str]]]:
    """Headers and rows from CSV bytes (UTF-8, with or without BOM, or Windows-1252); ; , or tab separated."""
    if len(data) > MAX_BYTES:
        raise ImportFileError(_("Filen är för stor. Dela upp den i filer på högst 5 MB."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    if not text.strip():
        raise ImportFileError(_("Filen är tom."))
    first_line = text.splitlines()[0]
    delimiter = max([";", ",", "\t"], key=first_line.count)
    rows = [row for row in csv.reader(io.StringIO(text), delimiter=delimiter) if any(cell.strip() for cell in row)]
    headers = [h.strip() for h in rows[0]]
    if len(headers) < 2:
        raise ImportFileError(_("Filen verkar inte vara en CSV-fil med kolumner. Kontrollera att den har en rubrikrad."))
    body = rows[1:]
    if not body:
        raise ImportFileError(_("Filen har bara en rubrikrad och inga avvikelser."))
    if len(body) > MAX_ROWS:
        raise ImportFileError(_("Filen har fler än %(n)s rader. Dela upp den.") % {"n": MAX_ROWS})
    return headers, body


def guess_mapping(headers: list[str]) -> dict[str, int | None]:
    lowered = [h.casefold() for h in headers]
    mapping: dict[str, int | None] = {}
    taken: set[int] = set()
    for target in TARGETS:
        mapping[target.name] = None
        for guess in target.guesses:
            index = next((i for i, h in enumerate(lowered) if h == guess and i not in taken), None)
            if index is not None:
                mapping[target.name] = index
                taken.add(index)
                break
    return mapping


class MappingForm(LotsForm):
    """One select per target field: which column of the file holds it."""

    def __init__(self, *args, headers: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("– Finns inte i filen –"))] + [
            (str(i), h or _("Kolumn %(n)s") % {"n": i + 1}) for i, h in enumerate(headers)
        ]
        for target in TARGETS:
            self.fields[target.name] = forms.ChoiceField(
                label=target.label,
                choices=choices,
                required=target.required,
                error_messages={"required": _("Välj vilken kolumn som innehåller detta.")},
            )

    def clean(self):
        cleaned = super().clean()
        used: dict[str, str] = {}
        for target in TARGETS:
            column = cleaned.get(target.name)
            if column in (None, ""):
                continue
            if column in used:
                self.add_error(target.name, _("Kolumnen är redan vald för ”%(other)s”.") % {"other": used[column]})
            used[column] = str(target.label)
        return cleaned

    def mapping(self) -> dict[str, int | None]:
        return {
            t.name: (int(self.cleaned_data[t.name]) if self.cleaned_data.get(t.name) not in (None, "") else None) for t in TARGETS
        }


@dataclass
class Validation:
    rows: list[dict] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _parse_datetime(value: str) -> datetime.datetime | None:
    value = value.strip()
    for fmt in DATE_FORMATS:
        try:
            parsed = datetime.datetime.strptime(value, fmt)
        except ValueError:
            continue
        if fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y"):
            parsed = parsed.replace(hour=12)
        return timezone.make_aware(parsed)
    return None


def validate(municipality: Municipality, headers: list[str], body: list[list[str]], mapping: dict[str, int | None]) -> Validation:
    """Check every row; collect errors (which stop the import) and warnings (likely names, shown but not blocking)."""
    units = list(Unit.objects.filter(municipality=municipality))
    by_code = {u.code.casefold(): u for u in units}
    by_name = {u.name.casefold(): u for u in units}
    categories = {c.name.casefold(): c for c in DeviationCategory.objects.filter(municipality=municipality)}
    existing = set(
        Deviation.objects.filter(municipality=municipality)
        .exclude(external_reference="")
        .values_list("external_reference", flat=True)
    )
    from lots.deviations.guard import known_words

    known = known_words(municipality)
    result = Validation()
    seen_refs: dict[str, int] = {}
    now = timezone.now()

    for offset, raw in enumerate(body):
        line = offset + 2  # the header is line 1

        def cell(name: str, raw=raw) -> str:
            index = mapping.get(name)
            return raw[index].strip() if index is not None and index < len(raw) else ""

        errors: list[str] = []
        row: dict = {"line": line}
        ref = cell("external_reference")
        if ref:
            if ref in existing:
                errors.append(_("id %(ref)s är redan inläst") % {"ref": ref})
            elif ref in seen_refs:
                errors.append(_("id %(ref)s finns också på rad %(other)s") % {"ref": ref, "other": seen_refs[ref]})
            seen_refs[ref] = line
        row["external_reference"] = ref

        occurred = _parse_datetime(cell("occurred_at"))
        if occurred is None:
            errors.append(_("inträffade: ”%(v)s” är inte ett datum (ÅÅÅÅ-MM-DD)") % {"v": cell("occurred_at")})
        elif occurred > now:
            errors.append(_("inträffade ligger i framtiden"))
        row["occurred_at"] = occurred
        reported_text = cell("reported_at")
        reported = _parse_datetime(reported_text) if reported_text else occurred
        if reported_text and reported is None:
            errors.append(_("rapporterad: ”%(v)s” är inte ett datum") % {"v": reported_text})
        elif reported is not None and occurred is not None and reported < occurred:
            if reported.date() == occurred.date():
                reported = occurred  # a date without time on the same day
            else:
                errors.append(_("rapporterad ligger före inträffade"))
        elif reported is not None and reported > now:
            errors.append(_("rapporterad ligger i framtiden"))
        row["reported_at"] = reported

        unit_text = cell("unit")
        unit = by_code.get(unit_text.casefold()) or by_name.get(unit_text.casefold())
        if unit is None:
            errors.append(_("enheten ”%(v)s” finns inte i %(m)s") % {"v": unit_text, "m": municipality.name})
        elif not unit.is_open:
            errors.append(_("enheten ”%(v)s” är stängd") % {"v": unit_text})
        row["unit"] = unit

        category_text = cell("category")
        category = categories.get(category_text.casefold()) if category_text else None
        if category_text and category is None:
            errors.append(
                _("kategorin ”%(v)s” finns inte; lägg till den under Inställningar eller ändra i filen") % {"v": category_text}
            )
        row["category"] = category

        description = cell("description")
        if not description:
            errors.append(_("beskrivning saknas"))
        row["description"] = description
        row["immediate_action"] = cell("immediate_action")
        row["case_reference"] = cell("case_reference")[:60]

        flag = cell("possible_lex_sarah").casefold()
        if flag not in YES | NO:
            errors.append(_("lex Sarah: skriv ja eller nej, inte ”%(v)s”") % {"v": cell("possible_lex_sarah")})
        row["possible_lex_sarah"] = flag in YES

        state_text = cell("state").casefold()
        state = STATE_WORDS.get(state_text, Deviation.State.REPORTED if not state_text else None)
        if state is None:
            errors.append(
                _("status ”%(v)s” är okänd (använd rapporterad, mottagen, under utredning, åtgärdad eller avslutad)")
                % {"v": cell("state")}
            )
        row["state"] = state
        row["state_label"] = Deviation.State(state).label if state else ""
        closed_text = cell("closed_at")
        closed = _parse_datetime(closed_text) if closed_text else None
        if closed_text and closed is None:
            errors.append(_("avslutad: ”%(v)s” är inte ett datum") % {"v": closed_text})
        if closed is not None and reported is not None and closed < reported:
            errors.append(_("avslutad ligger före rapporterad"))
        if state == Deviation.State.CLOSED and closed is None and not closed_text:
            errors.append(_("status avslutad kräver ett datum för när den avslutades"))
        row["closed_at"] = closed if state == Deviation.State.CLOSED else None

        for name in ("description", "immediate_action", "case_reference"):
            text = row[name]
            if integrity.find_personal_numbers(text):
                errors.append(_("%(f)s innehåller ett personnummer – ta bort det i filen") % {"f": _field_label(name)})
            names = integrity.find_likely_names(text, known_words=known)
            if names:
                result.warnings.append(
                    (
                        line,
                        _("%(f)s kan innehålla namn: %(n)s") % {"f": _field_label(name), "n": ", ".join(n.text for n in names)},
                    )
                )
        if errors:
            result.errors.extend((line, e) for e in errors)
        result.rows.append(row)
    return result


def _field_label(name: str) -> str:
    return str(next(t.label for t in TARGETS if t.name == name)).lower()
