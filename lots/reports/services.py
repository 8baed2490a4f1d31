"""Writes for the quality report, the denominators and the comparison data. Atomic and audit-logged."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lots.archive.models import ArchivedDocument
from lots.archive.services import document_establish
from lots.audit import services as audit
from lots.audit.models import AuditEntry
from lots.audit.versioning import ConcurrentEditError, update_versioned
from lots.deviations import guard
from lots.organisation.models import Unit
from lots.reports import sections
from lots.reports.comparisons import parse_kolada
from lots.reports.models import (
    REPORT_KINDS,
    ComparisonIndicator,
    ComparisonValue,
    DenominatorSeries,
    QualityReport,
    ReportNarrative,
)

NARRATIVE_MAX = 20_000
# Control characters other than tab and newline; formatting pasted from word processors is reduced to plain text.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_TAGS = re.compile(r"<[^>]{0,500}>")


def clean_text(value: str) -> str:
    """Plain text with paragraphs: markup and control characters removed, line ends unified, blank runs collapsed."""
    value = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    value = _TAGS.sub("", value)
    value = _CONTROL.sub("", value)
    lines = [line.rstrip() for line in value.split("\n")]
    value = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    return value.strip()


def paragraphs(value: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", value or "") if p.strip()]


# --- The quality report ------------------------------------------------------------------------------


@transaction.atomic
def report_create(*, actor, unit: Unit, year: int, today: datetime.date | None = None) -> QualityReport:
    today = today or timezone.localdate()
    errors = {}
    if unit.kind not in REPORT_KINDS:
        errors["unit"] = _("Välj en förvaltning, en avdelning eller en enhet.")
    elif not unit.is_open:
        errors["unit"] = _("Enheten är stängd.")
    if not (2000 <= year <= today.year):
        errors["year"] = _("Välj ett år som har börjat, från 2000 till %(year)s.") % {"year": today.year}
    if not errors and QualityReport.objects.filter(unit=unit, year=year).exists():
        errors["year"] = _("Det finns redan en kvalitetsberättelse för %(unit)s %(year)s.") % {"unit": unit.name, "year": year}
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            report = QualityReport.objects.create(unit=unit, year=year, created_by=actor)
    except IntegrityError:
        if not QualityReport.objects.filter(unit=unit, year=year).exists():
            raise
        # Someone created the same report a moment ago.
        raise ValidationError(
            {"year": _("Det finns redan en kvalitetsberättelse för %(unit)s %(year)s.") % {"unit": unit.name, "year": year}}
        ) from None
    ReportNarrative.objects.bulk_create([ReportNarrative(report=report, section=key) for key in sections.narrative_keys()])
    audit.record_created(actor=actor, obj=report, fields=["unit", "year", "status"])
    return report


def _require_draft(report: QualityReport) -> None:
    if report.is_established:
        raise ValidationError(_("Kvalitetsberättelsen är fastställd och kan inte ändras."))


@transaction.atomic
def narrative_update(
    *, actor, report: QualityReport, section: str, text: str, expected_version: int | None, integrity_confirmed: bool = False
) -> ReportNarrative:
    """Save one section's text; ConcurrentEditError when someone saved the same section since it was opened.

    The report is published: a changed text passes the integrity guard unless ``integrity_confirmed``."""
    report = QualityReport.objects.select_for_update().get(pk=report.pk)
    _require_draft(report)
    provider = sections.provider(section)
    if provider is None or not provider.narrative:
        raise ValidationError(_("Avsnittet finns inte."))
    cleaned = clean_text(text)
    if len(cleaned) > NARRATIVE_MAX:
        raise ValidationError({"text": _("Texten är för lång (högst %(n)s tecken).") % {"n": NARRATIVE_MAX}})
    narrative, created = ReportNarrative.objects.get_or_create(report=report, section=section)
    guard.check(report.unit.municipality, guard.changed(narrative, {"text": cleaned}, ["text"]), confirmed=integrity_confirmed)
    if created:
        expected_version = narrative.version if expected_version in (None, 0) else expected_version
    update_versioned(narrative, actor=actor, data={"text": cleaned}, expected_version=expected_version, unit=report.unit)
    ReportNarrative.objects.filter(pk=narrative.pk).update(updated_at=timezone.now(), updated_by=actor)
    return narrative


def report_data(report: QualityReport, *, today: datetime.date | None = None) -> dict:
    """What the report shows: the frozen snapshot once established, else everything computed now."""
    if report.is_established:
        return report.snapshot
    texts = dict(report.narratives.values_list("section", "text"))
    versions = dict(report.narratives.values_list("section", "version"))
    computed = sections.compute_all(report.unit, report.year, today)
    for section in computed:
        section["narrative"] = texts.get(section["key"], "")
        section["version"] = versions.get(section["key"])
    unit = report.unit
    return {
        "unit": {"id": unit.pk, "name": unit.name, "kind": unit.get_kind_display(), "municipality": unit.municipality.name},
        "year": report.year,
        "computed_at": timezone.now().isoformat(),
        "sections": computed,
        "missing": sections.missing(),
    }


@transaction.atomic
def report_establish(*, actor, report: QualityReport, expected_version: int | None) -> QualityReport:
    """Freeze the report: every figure, table, chart and text is stored as it is now and never recomputed."""
    locked = QualityReport.objects.select_for_update().get(pk=report.pk)
    _require_draft(locked)
    if expected_version is not None and locked.version != expected_version:
        raise ConcurrentEditError
    # The frozen figures, texts and archived copy are the record: kept in Swedish, whoever establishes the report.
    with translation.override("sv"):
        now = timezone.now()
        snapshot = report_data(locked)
        snapshot["established_at"] = now.isoformat()
        snapshot["established_by"] = str(actor)
        for section in snapshot["sections"]:
            section.pop("version", None)
        updated = QualityReport.objects.filter(pk=locked.pk, version=locked.version, status=QualityReport.Status.DRAFT).update(
            status=QualityReport.Status.ESTABLISHED,
            snapshot=snapshot,
            established_at=now,
            established_by=actor,
            version=F("version") + 1,
        )
        if updated != 1:
            raise ConcurrentEditError
        locked.refresh_from_db()
        audit.record(
            actor=actor,
            action=AuditEntry.Action.TRANSITION,
            obj=locked,
            changes={"status": (QualityReport.Status.DRAFT, QualityReport.Status.ESTABLISHED)},
            note=_("Kvalitetsberättelsen fastställdes; siffrorna är låsta."),
        )
        document_establish(
            actor=actor,
            record=locked,
            kind=ArchivedDocument.Kind.ANNUAL_REPORT,
            unit=locked.unit,
            year=locked.year,
            title=f"{_('Kvalitetsberättelse %(year)s') % {'year': locked.year}} {locked.unit.name}",
            established_at=now,
        )
    return locked


# --- Denominators ------------------------------------------------------------------------------------


@transaction.atomic
def denominators_save(
    *, actor, unit: Unit, kind: str, year: int, values: list, expected_version: int | None
) -> DenominatorSeries:
    if kind not in DenominatorSeries.Kind.values:
        raise ValidationError({"kind": _("Välj vad nämnaren räknar.")})
    if len(values) != 12:
        raise ValueError("twelve monthly values are needed")
    cleaned = []
    errors = {}
    for month, value in enumerate(values, start=1):
        if value in (None, ""):
            cleaned.append(None)
            continue
        number = float(value)
        if number <= 0 or number > 1_000_000:
            errors[f"m{month}"] = _("Ange ett tal större än noll, eller lämna tomt.")
        cleaned.append(round(number, 1))
    if errors:
        raise ValidationError(errors)
    series = DenominatorSeries.objects.filter(unit=unit, kind=kind, year=year).first()
    if series is None:
        if expected_version not in (None, 0):
            raise ConcurrentEditError
        try:
            with transaction.atomic():
                series = DenominatorSeries.objects.create(unit=unit, kind=kind, year=year, values=cleaned, updated_by=actor)
        except IntegrityError:
            raise ConcurrentEditError from None
        audit.record_created(actor=actor, obj=series, fields=["unit", "kind", "year", "values"])
        return series
    update_versioned(series, actor=actor, data={"values": cleaned}, expected_version=expected_version)
    DenominatorSeries.objects.filter(pk=series.pk).update(updated_at=timezone.now(), updated_by=actor)
    return series


# --- Comparison data ---------------------------------------------------------------------------------


@transaction.atomic
def comparisons_import(*, actor, raw: bytes | str, source: str = "") -> dict:
    """Read a Kolada v2 file: add or replace its values. Returns counts of what was created and updated."""
    parsed = parse_kolada(raw)
    indicators = {i.kpi: i for i in ComparisonIndicator.objects.filter(kpi__in={p.kpi for p in parsed})}
    new_indicators = 0
    for kpi in sorted({p.kpi for p in parsed} - set(indicators)):
        indicator = ComparisonIndicator.objects.create(kpi=kpi)
        audit.record_created(actor=actor, obj=indicator, fields=["kpi"])
        indicators[kpi] = indicator
        new_indicators += 1
    now = timezone.now()
    created = updated = 0
    for p in parsed:
        _value, was_created = ComparisonValue.objects.update_or_create(
            indicator=indicators[p.kpi],
            municipality_code=p.municipality,
            period=p.period,
            gender=p.gender,
            defaults={"value": p.value, "count": p.count, "status": p.status, "imported_at": now},
        )
        created += was_created
        updated += not was_created
    result = {"values_created": created, "values_updated": updated, "indicators_created": new_indicators}
    audit.record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        note=_("Import av jämförelsetal från Kolada%(source)s: %(c)s nya och %(u)s uppdaterade värden.")
        % {"source": f" ({source})" if source else "", "c": created, "u": updated},
    )
    return result


@transaction.atomic
def indicator_update(*, actor, indicator: ComparisonIndicator, expected_version: int | None, **data) -> dict:
    data["title"] = clean_text(data.get("title", "")).replace("\n", " ")[:300]
    return update_versioned(indicator, actor=actor, data=data, expected_version=expected_version)
