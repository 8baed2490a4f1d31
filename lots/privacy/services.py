"""Retention: the municipality's periods, the dry run, the culling itself and the legal holds that stop it.

The log of a culling names the record type, the municipality, how many and which ids; never a record's content.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lots.audit import services as audit
from lots.audit.models import AuditEntry
from lots.audit.versioning import update_versioned
from lots.lib.dates import add_months
from lots.lib.files import files_to_remove, remove_after_commit
from lots.organisation.models import Municipality, Unit
from lots.privacy import registry
from lots.privacy.models import MAX_YEARS, MIN_YEARS, LegalHold, RetentionPeriod, SubjectRequest
from lots.privacy.registry import RetentionRule

CULL_NOTE = "Gallring"
EXTRACT_NOTE = "Registerutdrag"


@dataclass(frozen=True)
class PlanRow:
    municipality: Municipality
    rule: RetentionRule
    years: int
    due: int
    held: int


def _held(rule: RetentionRule, municipality: Municipality):
    placed = LegalHold.objects.filter(municipality=municipality, record_type=rule.key, released_at__isnull=True)
    return rule.held_q() | Q(pk__in=placed.values("record_id"))


def retention_plan(*, today: datetime.date, municipalities=None) -> list[PlanRow]:
    """What a culling on ``today`` would remove (``due``) and keep under a legal hold (``held``), per municipality
    and record type. Reads only."""
    rows = []
    for municipality in municipalities if municipalities is not None else Municipality.objects.all():
        years = RetentionPeriod.years_for(municipality)
        for rule in registry.rules():
            passed = rule.passed(municipality=municipality, today=today, years=years[rule.key])
            held = passed.filter(_held(rule, municipality)).count()
            rows.append(PlanRow(municipality, rule, years[rule.key], passed.count() - held, held))
    return rows


def retention_cull(*, today: datetime.date, actor=None) -> int:
    """Delete every record whose period has passed on ``today`` and that no legal hold keeps; returns how many.

    Each municipality and record type is culled in its own transaction with one audit row (counts and ids). Deleting
    a record also deletes what hangs on it (events, attachments, investigations) by the database's cascade, and the
    stored files of what it deletes once the transaction has committed.
    """
    total = 0
    for municipality in Municipality.objects.all():
        years = RetentionPeriod.years_for(municipality)
        for rule in registry.rules():
            total += _cull(rule, municipality=municipality, today=today, years=years[rule.key], actor=actor)
    return total


@transaction.atomic
def _cull(rule: RetentionRule, *, municipality: Municipality, today: datetime.date, years: int, actor) -> int:
    due = rule.passed(municipality=municipality, today=today, years=years).exclude(_held(rule, municipality))
    ids = sorted(due.values_list("pk", flat=True))
    if not ids:
        return 0
    doomed = rule.model._base_manager.filter(pk__in=ids)
    remove_after_commit(files_to_remove(doomed))
    doomed.delete()
    audit.record(
        actor=actor,
        action=AuditEntry.Action.DELETE,
        changes={
            "record_type": (None, rule.key),
            "municipality": (None, municipality.slug),
            "years": (None, years),
            "count": (None, len(ids)),
            "ids": (None, ids),
        },
        note=CULL_NOTE,
        unit=_top_unit(municipality),
    )
    return len(ids)


def cull_log(municipality: Municipality):
    """The audit rows of past cullings in the municipality, newest first."""
    return AuditEntry.objects.filter(
        action=AuditEntry.Action.DELETE, note=CULL_NOTE, changes__municipality=[None, municipality.slug]
    ).order_by("-at")


@transaction.atomic
def retention_periods_save(*, actor, municipality: Municipality, years: dict[str, int]) -> None:
    """Store the municipality's period per record type; each changed period is one audit row."""
    keys = {rule.key for rule in registry.rules()}
    unknown = set(years) - keys
    if unknown:
        raise TypeError(f"Unknown record types: {sorted(unknown)}")
    message = _("Ange ett antal år mellan %(min)s och %(max)s.") % {"min": MIN_YEARS, "max": MAX_YEARS}
    errors = {key: message for key, value in years.items() if not MIN_YEARS <= value <= MAX_YEARS}
    if errors:
        raise ValidationError(errors)
    before = RetentionPeriod.years_for(municipality)
    for key, value in years.items():
        if before[key] == value:
            continue
        period, _created = RetentionPeriod.objects.update_or_create(
            municipality=municipality, record_type=key, defaults={"years": value}
        )
        audit.record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            obj=period,
            changes={"years": (before[key], value)},
            unit=_top_unit(municipality),
        )


@transaction.atomic
def legal_hold_place(
    *, actor, municipality: Municipality, record_type: str, record_id: int, reason: str, reference: str = ""
) -> LegalHold:
    """Keep one record past its period. The record must exist in the municipality."""
    try:
        rule = registry.rule(record_type)
    except KeyError:
        raise ValidationError({"record_type": _("Välj en posttyp i listan.")}) from None
    if not rule.of_municipality(municipality).filter(pk=record_id).exists():
        message = _("Det finns ingen %(type)s med det numret i kommunen.") % {"type": rule.label.lower()}
        raise ValidationError({"record_id": message})
    hold = LegalHold.objects.create(
        municipality=municipality,
        record_type=record_type,
        record_id=record_id,
        reason=reason,
        reference=reference,
        placed_by=actor,
    )
    audit.record_created(
        actor=actor, obj=hold, fields=["record_type", "record_id", "reason", "reference"], unit=_top_unit(municipality)
    )
    return hold


@transaction.atomic
def legal_hold_release(*, actor, hold: LegalHold) -> None:
    """End a hold; the record is culled by the next run if its period has passed."""
    if hold.released_at is not None:
        return
    hold.released_at, hold.released_by = timezone.now(), actor
    hold.save(update_fields=["released_at", "released_by"])
    audit.record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=hold,
        changes={"released_at": (None, hold.released_at)},
        unit=_top_unit(hold.municipality),
    )


def register_extract_log(*, actor, municipality: Municipality, person=None, reference: str = "") -> AuditEntry:
    """Log a register extract handed out: whose (the person as the entry's record) or which case reference."""
    changes = {"case_reference": (None, reference)} if reference else {}
    return audit.record(
        actor=actor,
        action=AuditEntry.Action.EXPORT,
        obj=person,
        changes=changes,
        note=EXTRACT_NOTE,
        unit=_top_unit(municipality),
    )


def _top_unit(municipality: Municipality) -> Unit | None:
    return Unit.objects.filter(municipality=municipality, parent__isnull=True).order_by("path").first()


# Requests from the people whose data Lots holds (GDPR art. 12, 16–18, 21).

ANSWER_MONTHS = 1  # art. 12.3: without undue delay and at the latest within a month of receipt
EXTENDED_MONTHS = 3  # …extended by at most two further months where needed, the person told why within the first


def _not_ahead(day: datetime.date, field: str, today: datetime.date) -> None:
    if day > today:
        raise ValidationError({field: _("Datumet kan inte ligga fram i tiden.")})


@transaction.atomic
def subject_request_register(
    *, actor, municipality: Municipality, kind: str, received_on: datetime.date, requester: str, concerns: str
) -> SubjectRequest:
    """Register a request as it arrived; it is due a month after the day it came in."""
    _not_ahead(received_on, "received_on", timezone.localdate())
    request = SubjectRequest.objects.create(
        municipality=municipality,
        unit=_top_unit(municipality),
        kind=kind,
        received_on=received_on,
        requester=requester,
        concerns=concerns,
        due_on=add_months(received_on, ANSWER_MONTHS),
        registered_by=actor,
    )
    audit.record_created(actor=actor, obj=request, fields=["kind", "received_on", "requester", "concerns", "due_on"])
    return request


@transaction.atomic
def subject_request_extend(*, actor, request: SubjectRequest, reason: str, version: int | None = None) -> SubjectRequest:
    """Extend the time to answer to three months from receipt, once, before the first month has passed, with a reason
    the person is told."""
    today = timezone.localdate()
    if request.answered_on is not None or request.outcome:
        raise ValidationError({"reason": _("Begäran är redan beslutad; tiden kan inte förlängas.")})
    if request.is_extended:
        raise ValidationError({"reason": _("Tiden är redan förlängd en gång, till högst tre månader.")})
    if today > request.due_on:
        raise ValidationError(
            {"reason": _("Tiden kan bara förlängas inom den första månaden, och den gick ut %(day)s.") % {"day": request.due_on}}
        )
    data = {"due_on": add_months(request.received_on, EXTENDED_MONTHS), "extension_reason": reason}
    update_versioned(request, actor=actor, data=data, expected_version=version, note=_("Förlängd svarstid"))
    return request


@transaction.atomic
def subject_request_decide(
    *, actor, request: SubjectRequest, outcome: str, reason: str, measures: str, version: int | None = None
) -> SubjectRequest:
    """Record the decision. A refusal, in whole or in part, gives its reason (the person may appeal it); what is granted
    says what was done."""
    if request.outcome:
        raise ValidationError({"outcome": _("Begäran är redan beslutad.")})
    errors = {}
    if outcome != SubjectRequest.Outcome.GRANTED and not reason.strip():
        errors["reason"] = _("Skriv varför begäran avslås, helt eller delvis, och med stöd av vilken regel.")
    if outcome != SubjectRequest.Outcome.REFUSED and not measures.strip():
        errors["measures"] = _("Skriv vad som gjordes, t.ex. vilken uppgift som rättades och i vilket ärende.")
    if errors:
        raise ValidationError(errors)
    data = {
        "outcome": outcome,
        "decision_reason": reason,
        "measures": measures,
        "decided_by": actor,
        "decided_at": timezone.now(),
    }
    update_versioned(request, actor=actor, data=data, expected_version=version, note=_("Beslut om begäran"))
    return request


@transaction.atomic
def subject_request_answer(*, actor, request: SubjectRequest, answered_on: datetime.date, version: int | None = None):
    """Record the day the person was sent the decision."""
    if not request.outcome:
        raise ValidationError({"answered_on": _("Besluta om begäran innan svaret registreras.")})
    if request.answered_on is not None:
        raise ValidationError({"answered_on": _("Svaret är redan registrerat.")})
    _not_ahead(answered_on, "answered_on", timezone.localdate())
    if answered_on < request.received_on:
        raise ValidationError({"answered_on": _("Svaret kan inte ha skickats innan begäran kom in.")})
    update_versioned(request, actor=actor, data={"answered_on": answered_on}, expected_version=version, note=_("Besvarad"))
    return request
