"""Every write to the intervention register, its participants and the reports to the authority.

Each function runs in one transaction with its audit-log rows (free text is logged as its length only). The rules:

- an external intervention is offered only under a contract in force with its provider (``intervention_offer``);
- a participant's data fields are saved only as far as the recorded consent covers them (``_check_consent``);
- a withdrawn consent deletes the participant record and leaves the anonymous yearly count (``consent_withdraw``);
- a participant whose needs call for an individual assessment is reported to the unit exercising authority and
  their service ends (``needs_report_send``); the report is open until someone there confirms receipt.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lots import access
from lots.audit import services as audit
from lots.audit.models import AuditEntry
from lots.audit.versioning import ConcurrentEditError, update_versioned
from lots.interventions.models import DATA_FIELDS, Intervention, NeedsReport, Participant, YearCount
from lots.lib import integrity
from lots.notifications.delivery import mail_language
from lots.notifications.services import notify
from lots.organisation.models import Provider, Unit
from lots.requirements.models import Contract

WITHDRAWN_NOTE = "Samtycke återkallat: deltagarens uppgifter raderade"
FIELD_LABELS = {
    "name": gettext_lazy("namn"),
    "contact": gettext_lazy("kontaktuppgifter"),
    "notes": gettext_lazy("anteckningar"),
}

INTERVENTION_FIELDS = ["name", "kind", "description", "target_group", "provider", "contract", "keeps_participant_data"]


# --- Interventions ---------------------------------------------------------------------------------------------


def contract_problem(intervention: Intervention, today: datetime.date) -> str:
    """What keeps an external intervention from being offered on ``today``, in Swedish; "" when nothing does."""
    if not intervention.is_external:
        return ""
    contract = intervention.contract
    provider = intervention.provider.name
    if contract is None:
        return _(
            "%(provider)s saknar avtal för insatsen. Registrera avtalet under Krav och uppföljning och koppla det till "
            "insatsen innan den erbjuds."
        ) % {"provider": provider}
    if contract.provider_id != intervention.provider_id:
        return _("Avtalet %(contract)s gäller en annan utförare än %(provider)s.") % {
            "contract": contract.title,
            "provider": provider,
        }
    if contract.starts_on > today:
        return _("Avtalet med %(provider)s gäller först från %(day)s.") % {
            "provider": provider,
            "day": contract.starts_on.isoformat(),
        }
    if contract.ends_on is not None and contract.ends_on < today:
        return _("Avtalet med %(provider)s gällde till och med %(day)s. Ett gällande avtal saknas.") % {
            "provider": provider,
            "day": contract.ends_on.isoformat(),
        }
    return ""


def _check_intervention(*, unit: Unit, provider: Provider | None, contract: Contract | None) -> None:
    errors = {}
    if provider is not None and provider.municipality_id != unit.municipality_id:
        errors["provider"] = _("Välj en utförare i enhetens kommun.")
    if contract is not None and provider is None:
        errors["contract"] = _("Ett avtal hör till en extern utförare. Välj utföraren eller ta bort avtalet.")
    elif contract is not None and contract.provider_id != provider.pk:
        errors["contract"] = _("Avtalet gäller en annan utförare. Välj ett avtal med %(provider)s.") % {"provider": provider.name}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def intervention_create(
    *,
    actor,
    unit: Unit,
    name: str,
    kind: str,
    description: str,
    target_group: str,
    provider: Provider | None = None,
    contract: Contract | None = None,
    keeps_participant_data: bool = False,
) -> Intervention:
    """Register an intervention as planned; it is offered with ``intervention_offer``."""
    _check_intervention(unit=unit, provider=provider, contract=contract)
    intervention = Intervention.objects.create(
        unit=unit,
        name=name,
        kind=kind,
        description=description,
        target_group=target_group,
        provider=provider,
        contract=contract,
        keeps_participant_data=keeps_participant_data,
        created_by=actor,
    )
    audit.record_created(actor=actor, obj=intervention, fields=["unit", "status", *INTERVENTION_FIELDS])
    return intervention


@transaction.atomic
def intervention_update(*, actor, intervention: Intervention, expected_version: int | None, today=None, **data) -> dict:
    """Change the intervention's description, provider or contract. An offered intervention keeps a contract in
    force: a change that would leave it offered without one is refused, like offering it."""
    unknown = set(data) - set(INTERVENTION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    _check_intervention(
        unit=intervention.unit,
        provider=data.get("provider", intervention.provider),
        contract=data.get("contract", intervention.contract),
    )
    if intervention.status == Intervention.Status.OFFERED:
        planned = Intervention(
            unit=intervention.unit,
            provider=data.get("provider", intervention.provider),
            contract=data.get("contract", intervention.contract),
        )
        problem = contract_problem(planned, today or timezone.localdate())
        if problem:
            raise ValidationError({"contract": problem})
    if not data.get("keeps_participant_data", True) and intervention.participants.exists():
        raise ValidationError(
            {
                "keeps_participant_data": _(
                    "Insatsen har deltagare registrerade. Avsluta dem eller låt dem återkalla samtycket först."
                )
            }
        )
    return update_versioned(intervention, actor=actor, data=data, expected_version=expected_version)


@transaction.atomic
def intervention_offer(
    *, actor, intervention: Intervention, expected_version: int | None, today: datetime.date | None = None
) -> None:
    """Make the intervention offerable. An external one needs a contract with its provider in force on ``today``:
    without one it is refused with a message naming what is missing."""
    today = today or timezone.localdate()
    problem = contract_problem(intervention, today)
    if problem:
        raise ValidationError({"contract": problem})
    update_versioned(intervention, actor=actor, data={"status": Intervention.Status.OFFERED}, expected_version=expected_version)


@transaction.atomic
def intervention_end(*, actor, intervention: Intervention, expected_version: int | None) -> None:
    """Stop offering the intervention. Its participants stay until they are ended or withdraw their consent."""
    update_versioned(intervention, actor=actor, data={"status": Intervention.Status.ENDED}, expected_version=expected_version)


# --- Participants -----------------------------------------------------------------------------------------------


def _check_consent(data: dict, consent: dict) -> None:
    """Refuse every data field that holds something the consent does not cover, at that field."""
    errors = {}
    for field in DATA_FIELDS:
        if (data.get(field) or "").strip() and not consent.get(field):
            errors[field] = _("Samtycket omfattar inte %(what)s. Töm fältet, eller registrera ett samtycke som omfattar det.") % {
                "what": FIELD_LABELS[field]
            }
    if errors:
        raise ValidationError(errors)


def _check_reference(reference: str) -> None:
    if integrity.find_personal_numbers(reference):
        raise ValidationError({"reference": _("Referensen får inte vara ett personnummer. Använd en pseudonym referens.")})


def _guard_notes(notes: str, *, name: str, confirmed: bool, unit: Unit) -> None:
    """Notes may name the participant when the consent covers the name; others named in them are flagged."""
    known = [*name.split(), *unit.name.split()]
    integrity.check(
        {"notes": notes},
        known_words=known,
        confirmed=confirmed,
        message=_(
            "Anteckningen kan innehålla %(found)s. Skriv inte om andra personer än deltagaren, "
            "eller bekräfta att texten ska sparas som den står."
        ),
    )


def _count(intervention: Intervention, year: int, **increments) -> None:
    YearCount.objects.get_or_create(intervention=intervention, year=year)
    YearCount.objects.filter(intervention=intervention, year=year).update(
        **{name: F(name) + value for name, value in increments.items()}
    )


def _clean_data(data: dict, consent: dict) -> dict:
    return {field: (data.get(field) or "").strip() if consent.get(field) else "" for field in DATA_FIELDS}


@transaction.atomic
def participant_register(
    *,
    actor,
    intervention: Intervention,
    reference: str,
    consent_name: bool,
    consent_contact: bool,
    consent_notes: bool,
    consent_given_on: datetime.date,
    consent_method: str,
    consent_given_by: str,
    started_on: datetime.date,
    name: str = "",
    contact: str = "",
    notes: str = "",
    integrity_confirmed: bool = False,
) -> Participant:
    """Register a participant with their consent. Data the consent does not cover is refused, not dropped."""
    if not intervention.keeps_participant_data:
        raise ValidationError(_("Insatsen för inget deltagarregister. Ändra insatsen först om uppgifter ska sparas."))
    if intervention.status == Intervention.Status.ENDED:
        raise ValidationError(_("Insatsen är avslutad och tar inte emot nya deltagare."))
    consent = {"name": consent_name, "contact": consent_contact, "notes": consent_notes}
    data = {"name": name, "contact": contact, "notes": notes}
    _check_consent(data, consent)
    _check_reference(reference)
    errors = {}
    if consent_given_on > timezone.localdate():
        errors["consent_given_on"] = _("Datumet kan inte ligga fram i tiden.")
    if started_on < consent_given_on:
        errors["started_on"] = _("Uppgifter får sparas först när samtycket är lämnat. Ange ett datum från samtycket.")
    if intervention.participants.filter(reference=reference).exists():
        errors["reference"] = _("Det finns redan en deltagare med den referensen i insatsen.")
    if errors:
        raise ValidationError(errors)
    data = _clean_data(data, consent)
    if data["notes"]:
        _guard_notes(data["notes"], name=data["name"], confirmed=integrity_confirmed, unit=intervention.unit)
    participant = Participant.objects.create(
        intervention=intervention,
        unit=intervention.unit,
        reference=reference,
        consent_name=consent_name,
        consent_contact=consent_contact,
        consent_notes=consent_notes,
        consent_given_on=consent_given_on,
        consent_method=consent_method,
        consent_given_by=consent_given_by,
        consent_recorded_by=actor,
        started_on=started_on,
        **data,
    )
    _count(intervention, started_on.year, participants=1)
    audit.record_created(
        actor=actor,
        obj=participant,
        fields=[
            "reference",
            *DATA_FIELDS,
            "consent_name",
            "consent_contact",
            "consent_notes",
            "consent_given_on",
            "consent_method",
            "consent_given_by",
            "started_on",
        ],
    )
    return participant


@transaction.atomic
def participant_update(
    *,
    actor,
    participant: Participant,
    expected_version: int | None,
    integrity_confirmed: bool = False,
    **data,
) -> dict:
    """Change the participant's data or consent. The result must stay within the consent: a field the new consent
    does not cover must be emptied by the person, never silently."""
    allowed = {*DATA_FIELDS, "consent_name", "consent_contact", "consent_notes", "consent_given_on", "consent_method"}
    allowed |= {"consent_given_by"}
    unknown = set(data) - allowed
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    if participant.status != Participant.Status.ACTIVE:
        raise ValidationError(_("Deltagandet är avslutat; uppgifterna kan inte längre ändras."))
    merged = {name: data.get(name, getattr(participant, name)) for name in allowed}
    consent = {f: merged[f"consent_{f}"] for f in DATA_FIELDS}
    _check_consent(merged, consent)
    if merged["consent_given_on"] > timezone.localdate():
        raise ValidationError({"consent_given_on": _("Datumet kan inte ligga fram i tiden.")})
    cleaned = _clean_data(merged, consent)
    if cleaned["notes"] and cleaned["notes"] != participant.notes:
        _guard_notes(cleaned["notes"], name=cleaned["name"], confirmed=integrity_confirmed, unit=participant.unit)
    changes = {name: merged[name] for name in allowed} | cleaned
    return update_versioned(participant, actor=actor, data=changes, expected_version=expected_version)


@transaction.atomic
def participant_end(
    *, actor, participant: Participant, expected_version: int | None, ended_on: datetime.date, end_reason: str
) -> None:
    """End the participant's service for a reason other than changed needs (that is ``needs_report_send``)."""
    if participant.status != Participant.Status.ACTIVE:
        raise ValidationError(_("Deltagandet är redan avslutat."))
    if end_reason == Participant.EndReason.CHANGED_NEEDS:
        raise ValidationError({"end_reason": _("Vid förändrade behov görs en anmälan; använd den i stället.")})
    if ended_on < participant.started_on:
        raise ValidationError({"ended_on": _("Slutdatum kan inte vara före startdatum.")})
    update_versioned(
        participant,
        actor=actor,
        data={"status": Participant.Status.ENDED, "ended_on": ended_on, "end_reason": end_reason},
        expected_version=expected_version,
    )


@transaction.atomic
def consent_withdraw(*, actor, participant: Participant, withdrawn_on: datetime.date | None = None) -> None:
    """The participant withdraws their consent: their record in the intervention is deleted and the intervention's
    count for the year of withdrawal grows by one. The log names the intervention and the record's id, never its
    content. A report already sent to the authority is its own record and stays (with the reference)."""
    withdrawn_on = withdrawn_on or timezone.localdate()
    locked = Participant.objects.select_for_update().filter(pk=participant.pk).first()
    if locked is None:
        raise ConcurrentEditError
    intervention = participant.intervention
    erased = [field for field in DATA_FIELDS if getattr(locked, field)]
    _count(intervention, withdrawn_on.year, withdrawn=1)
    audit.record(
        actor=actor,
        action=AuditEntry.Action.DELETE,
        obj=intervention,
        changes={"participant": (locked.pk, None), "erased_fields": (erased, None), "year": (None, withdrawn_on.year)},
        note=WITHDRAWN_NOTE,
        unit=participant.unit,
    )
    locked.delete()


# --- Changed needs ----------------------------------------------------------------------------------------------


def report_receivers(unit: Unit):
    return access.people_holding(unit, perm="intervention.participants")


@transaction.atomic
def needs_report_send(
    *,
    actor,
    participant: Participant,
    expected_version: int | None,
    to_unit: Unit,
    kind: str,
    grounds: str,
    sent_on: datetime.date | None = None,
    integrity_confirmed: bool = False,
) -> NeedsReport:
    """Flag the participant's changed needs: send the report to ``to_unit`` and end the participant's service on
    ``sent_on`` with the reason "changed needs". The people handling participants at ``to_unit`` get a mail after
    commit and the report on their task list until one of them confirms receipt."""
    sent_on = sent_on or timezone.localdate()
    if participant.status != Participant.Status.ACTIVE:
        raise ValidationError(_("Deltagandet är redan avslutat."))
    errors = {}
    if to_unit.municipality_id != participant.unit.municipality_id or not to_unit.is_open:
        errors["to_unit"] = _("Välj en öppen enhet i kommunen.")
    elif to_unit.pk == participant.unit_id:
        errors["to_unit"] = _("Anmälan går till den enhet som utövar myndighet, inte till den egna enheten.")
    if sent_on < participant.started_on:
        errors["sent_on"] = _("Datumet kan inte vara före deltagandets start.")
    if errors:
        raise ValidationError(errors)
    integrity.check(
        {"grounds": grounds},
        known_words=[*participant.unit.name.split(), *to_unit.name.split()],
        confirmed=integrity_confirmed,
    )
    update_versioned(
        participant,
        actor=actor,
        data={
            "status": Participant.Status.ENDED,
            "ended_on": sent_on,
            "end_reason": Participant.EndReason.CHANGED_NEEDS,
        },
        expected_version=expected_version,
    )
    report = NeedsReport.objects.create(
        intervention=participant.intervention,
        participant=participant,
        participant_reference=participant.reference,
        unit=participant.unit,
        to_unit=to_unit,
        kind=kind,
        grounds=grounds,
        sent_on=sent_on,
        sent_by=actor,
    )
    audit.record_created(actor=actor, obj=report, fields=["participant_reference", "to_unit", "kind", "grounds", "sent_on"])
    link = settings.SITE_URL + reverse("interventions:report", args=[report.pk])
    for person in report_receivers(to_unit):
        with mail_language(to=person):
            subject = _("%(kind)s från %(unit)s att bekräfta") % {"kind": report.get_kind_display(), "unit": report.unit.name}
            body = _(
                "%(unit)s har skickat en %(kind)s om förändrade behov för deltagaren %(ref)s. Bekräfta att den har tagits emot:"
            ) % {
                "unit": report.unit.name,
                "kind": report.get_kind_display().lower(),
                "ref": report.participant_reference,
            }
        transaction.on_commit(
            lambda email=person.email, subject=subject, body=body: notify(to=email, subject=subject, body=f"{body}\n{link}")
        )
    return report


@transaction.atomic
def needs_report_confirm(*, actor, report: NeedsReport, expected_version: int | None) -> None:
    """Someone at the receiving unit confirms the report has been received; its task and reminders end."""
    if report.is_confirmed:
        raise ValidationError(_("Anmälan är redan bekräftad."))
    update_versioned(
        report,
        actor=actor,
        data={"confirmed_at": timezone.now(), "confirmed_by": actor},
        expected_version=expected_version,
    )
