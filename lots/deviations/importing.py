"""Import of deviations from another system's CSV export: read, map columns, validate every row, then import all or nothing."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lots.core import csvimport
from lots.core.csvimport import ImportFileError, Target  # noqa: F401  (the views and the API name them here)
from lots.deviations.models import Deviation, DeviationCategory
from lots.lib import integrity
from lots.organisation.models import Municipality, Unit

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000


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


def read_csv(data: bytes) -> tuple[list[str], list[list[str]]]:
    return csvimport.read_csv(data, max_bytes=MAX_BYTES, max_rows=MAX_ROWS, what=_("avvikelser"))


def guess_mapping(headers: list[str]) -> dict[str, int | None]:
    return csvimport.guess_mapping(TARGETS, headers)


class MappingForm(csvimport.ColumnMappingForm):
    """One select per target field: which column of the file holds it."""

    targets = TARGETS


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
