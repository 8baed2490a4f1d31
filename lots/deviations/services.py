"""Writes to deviations and the lex Sarah track. Each is atomic, audit-logged, and mails only after commit.

``at`` parameters let imports and the demo record when something really
happened; the application leaves them out and gets the current time.
"""

import datetime
import os

import filetype
from django.conf import settings as django_settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lots.archive.models import ArchivedDocument
from lots.archive.services import document_establish
from lots.audit import services as audit
from lots.audit.models import AuditEntry
from lots.audit.versioning import ConcurrentEditError, update_versioned
from lots.deviations import guard
from lots.deviations.models import (
    DEFAULT_CATEGORIES,
    Deviation,
    DeviationAttachment,
    DeviationCategory,
    DeviationEvent,
    DeviationSettings,
    DeviationUnitSettings,
    IvoNotification,
    LexSarahInvestigation,
)
from lots.deviations.responsibility import handlers_for, responsible_for
from lots.improvements.models import ImprovementAction
from lots.improvements.services import improvement_create
from lots.lib import integrity
from lots.lib.identifiers import normalise_organisation_number
from lots.notifications.services import notify
from lots.organisation.models import Municipality, Unit
from lots.risks.models import RiskScale

State = Deviation.State
# Occurrence times a little ahead of the server clock are a phone's clock, not the future.
CLOCK_SLACK = datetime.timedelta(minutes=10)

ALLOWED_ATTACHMENT_TYPES = {
    "application/pdf": "PDF",
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/gif": "GIF",
    "image/webp": "WebP",
    "image/heic": "HEIC",
    "application/msword": "Word",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "application/vnd.ms-excel": "Excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel",
    "application/vnd.ms-powerpoint": "PowerPoint",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint",
    "application/vnd.oasis.opendocument.text": "OpenDocument",
    "application/vnd.oasis.opendocument.spreadsheet": "OpenDocument",
    "application/vnd.oasis.opendocument.presentation": "OpenDocument",
}


def _now(at: datetime.datetime | None) -> datetime.datetime:
    return at if at is not None else timezone.now()


def _link(path: str) -> str:
    return f"{django_settings.SITE_URL}{path}"


def _mail(user, subject: str, body: str) -> None:
    if user is not None and user.email:
        notify(to=user.email, subject=subject, body=body)


# --- Configuration -----------------------------------------------------------------------------------


@transaction.atomic
def categories_ensure(*, municipality: Municipality) -> None:
    """Give a municipality the seeded category list the first time it is needed; later it is theirs to edit."""
    if DeviationCategory.objects.filter(municipality=municipality).exists():
        return
    for position, name in enumerate(DEFAULT_CATEGORIES, start=1):
        category = DeviationCategory.objects.create(municipality=municipality, name=name, position=position)
        audit.record_created(actor=None, obj=category, fields=["name", "position"], note="Förvald kategori")


def _check_category_name(municipality: Municipality, name: str, exclude_pk=None) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Skriv kategorins namn.")})
    taken = DeviationCategory.objects.filter(municipality=municipality, name__iexact=name).exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError({"name": _("Det finns redan en kategori med det namnet.")})
    return name


@transaction.atomic
def category_create(*, actor, municipality: Municipality, name: str) -> DeviationCategory:
    name = _check_category_name(municipality, name)
    position = (DeviationCategory.objects.filter(municipality=municipality).aggregate(m=Max("position"))["m"] or 0) + 1
    category = DeviationCategory.objects.create(municipality=municipality, name=name, position=position)
    audit.record_created(actor=actor, obj=category, fields=["name", "position"])
    return category


@transaction.atomic
def category_update(*, actor, category: DeviationCategory, name: str, is_active: bool) -> dict:
    name = _check_category_name(category.municipality, name, exclude_pk=category.pk)
    changes = {}
    for field, value in (("name", name), ("is_active", is_active)):
        if getattr(category, field) != value:
            changes[field] = (getattr(category, field), value)
            setattr(category, field, value)
    if changes:
        category.save(update_fields=list(changes))
        audit.record(actor=actor, action=AuditEntry.Action.UPDATE, obj=category, changes=changes)
    return changes


@transaction.atomic
def settings_update(*, actor, municipality: Municipality, expected_version: int | None, **data) -> dict:
    if data.get("organisation_number"):
        try:
            data["organisation_number"] = normalise_organisation_number(data["organisation_number"])
        except ValidationError as error:
            raise ValidationError({"organisation_number": error.messages}) from None
    config, created = DeviationSettings.objects.get_or_create(municipality=municipality)
    if created:
        audit.record_created(actor=actor, obj=config, fields=["ivo_target_days", "receive_days"])
        expected_version = config.version if expected_version in (None, 0) else expected_version
    return update_versioned(config, actor=actor, data=data, expected_version=expected_version)


@transaction.atomic
def unit_settings_update(*, actor, unit: Unit, responsible, expected_version: int | None = None) -> dict:
    """Name who receives reports on ``unit`` (None = the nearest enhetschef). They must be able to handle reports there."""
    from lots import access

    if responsible is not None and not access.can(responsible, "deviation.handle", unit):
        raise ValidationError({"responsible": _("Personen har ingen roll som får hantera avvikelser på enheten.")})
    config, created = DeviationUnitSettings.objects.get_or_create(unit=unit)
    if created:
        expected_version = config.version
    return update_versioned(config, actor=actor, data={"responsible": responsible}, expected_version=expected_version, unit=unit)


# --- Reporting -----------------------------------------------------------------------------------------


def _check_case_reference(case_reference: str) -> str:
    case_reference = (case_reference or "").strip()
    if integrity.find_personal_numbers(case_reference):
        raise ValidationError(
            {"case_reference": _("Ärendereferensen får inte innehålla ett personnummer. Använd ärendets nummer eller en kod.")}
        )
    return case_reference


def _create_numbered(fields: dict) -> Deviation:
    """Insert with the next free number in the municipality's year; retries if someone took it meanwhile."""
    for attempt in range(5):
        last = Deviation.objects.filter(municipality=fields["municipality"], year=fields["year"]).aggregate(m=Max("sequence"))[
            "m"
        ]
        try:
            with transaction.atomic():
                return Deviation.objects.create(sequence=(last or 0) + 1, **fields)
        except IntegrityError:
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


@transaction.atomic
def deviation_report(
    *,
    actor,
    unit: Unit,
    occurred_at: datetime.datetime,
    description: str,
    category: DeviationCategory | None = None,
    immediate_action: str = "",
    possible_lex_sarah: bool = False,
    case_reference: str = "",
    source: models.Model | None = None,
    reported_at: datetime.datetime | None = None,
    external_reference: str = "",
    integrity_confirmed: bool = False,
    notify_people: bool = True,
) -> Deviation:
    """Register a report. A report flagged as a possible wrong starts the lex Sarah investigation at once.

    The responsible manager is told by mail (without the report's contents).
    ``source`` links the report to what it came from, e.g. a feedback case.
    """
    reported_at = _now(reported_at)
    errors = {}
    if not unit.is_open:
        errors["unit"] = _("Enheten är stängd. Välj den enhet där det hände.")
    if not (description or "").strip():
        errors["description"] = _("Beskriv vad som hände.")
    if timezone.is_naive(occurred_at):
        raise ValueError("occurred_at must be timezone-aware")
    if occurred_at > reported_at + CLOCK_SLACK:
        errors["occurred_at"] = _("Tidpunkten ligger i framtiden. Ange när det hände.")
    if category is not None and (category.municipality_id != unit.municipality_id or not category.is_active):
        errors["category"] = _("Välj en av kommunens kategorier.")
    if (
        external_reference
        and Deviation.objects.filter(municipality=unit.municipality, external_reference=external_reference).exists()
    ):
        errors["external_reference"] = _("Avvikelsen %(ref)s finns redan.") % {"ref": external_reference}
    if errors:
        raise ValidationError(errors)
    case_reference = _check_case_reference(case_reference)
    guard.check(
        unit.municipality,
        {"description": description, "immediate_action": immediate_action},
        confirmed=integrity_confirmed,
        also_known=case_reference.split(),
    )
    responsible = responsible_for(unit)
    deviation = _create_numbered(
        {
            "municipality": unit.municipality,
            "year": timezone.localtime(reported_at).year,
            "unit": unit,
            "category": category,
            "reported_by": actor,
            "reported_at": reported_at,
            "occurred_at": occurred_at,
            "description": description.strip(),
            "immediate_action": (immediate_action or "").strip(),
            "possible_lex_sarah": possible_lex_sarah,
            "case_reference": case_reference,
            "integrity_confirmed": integrity_confirmed,
            "responsible": responsible,
            "source_type": ContentType.objects.get_for_model(source) if source is not None else None,
            "source_id": str(source.pk) if source is not None else "",
            "external_reference": external_reference,
        }
    )
    DeviationEvent.objects.create(deviation=deviation, at=reported_at, actor=actor, to_state=State.REPORTED)
    audit.record_created(
        actor=actor,
        obj=deviation,
        fields=["unit", "category", "occurred_at", "possible_lex_sarah", "case_reference", "responsible", "state"],
        note=_("Integritetsvarning bekräftad av rapportören") if integrity_confirmed else "",
    )
    if possible_lex_sarah:
        lex_sarah_start(actor=actor, deviation=deviation, at=reported_at, notify_people=notify_people)
    elif notify_people:
        _mail(
            responsible,
            _("Ny avvikelse %(number)s på %(unit)s") % {"number": deviation.number, "unit": unit.name},
            _("En ny avvikelse har rapporterats och väntar på att du tar emot den.\n\n%(link)s")
            % {"link": _link(deviation.get_absolute_url())},
        )
    return deviation


# --- Handling ------------------------------------------------------------------------------------------


def _lock(deviation: Deviation, expected_version: int | None) -> Deviation:
    current = Deviation.objects.select_for_update().select_related("unit", "municipality").get(pk=deviation.pk)
    if expected_version is not None and current.version != expected_version:
        raise ConcurrentEditError
    return current


@transaction.atomic
def deviation_transition(
    *,
    actor,
    deviation: Deviation,
    to_state: str,
    comment: str = "",
    expected_version: int | None = None,
    at: datetime.datetime | None = None,
    notify_people: bool = True,
) -> Deviation:
    """Move the report one step (or reopen it), recording who, when and why.

    Åtgärdad, avslutad and reopening need a comment. A lex Sarah report cannot be
    marked åtgärdad or avslutad while its investigation is open, nor closed before
    a required IVO notification has been sent.
    """
    current = _lock(deviation, expected_version)
    labels = dict(State.choices)
    if to_state not in current.allowed_transitions():
        raise ValidationError(
            {
                "to_state": _("Det går inte att gå från %(a)s till %(b)s.")
                % {"a": labels[current.state], "b": labels.get(to_state, to_state)}
            }
        )
    comment = (comment or "").strip()
    reopening = current.is_reopening(to_state)
    if not comment and (to_state in Deviation.COMMENT_REQUIRED or reopening):
        message = _("Skriv varför avvikelsen öppnas igen.") if reopening else _("Skriv en kommentar om vad som har gjorts.")
        raise ValidationError({"comment": message})
    investigation = LexSarahInvestigation.objects.filter(deviation=current).first()
    if to_state in (State.RESOLVED, State.CLOSED) and not reopening and investigation is not None and investigation.is_open:
        raise ValidationError({"to_state": _("Lex Sarah-utredningen är inte avslutad. Slutför den först.")})
    if to_state == State.CLOSED:
        notification = IvoNotification.objects.filter(deviation=current).first()
        if notification is not None and not notification.is_sent:
            raise ValidationError(
                {"to_state": _("Anmälan till IVO är inte skickad. Avvikelsen kan inte avslutas förrän den är det.")}
            )
    at = _now(at)
    data: dict = {"state": to_state}
    if to_state == State.RECEIVED:
        data["received_at"] = at
    elif to_state == State.RESOLVED:
        data["resolved_at"] = at
    elif to_state == State.CLOSED:
        data["closed_at"] = at
    if reopening:
        data.update(resolved_at=None, closed_at=None)
    from_state = current.state
    update_versioned(
        current,
        actor=actor,
        data=data,
        expected_version=current.version,
        action=AuditEntry.Action.TRANSITION,
        # The comment itself is kept with the event (where the retention rules can cull it), not copied into the log.
        note=_("Med kommentar") if comment else "",
    )
    DeviationEvent.objects.create(
        deviation=current, at=at, actor=actor, from_state=from_state, to_state=to_state, comment=comment
    )
    deviation.__dict__.update({k: getattr(current, k) for k in ("state", "version", "received_at", "resolved_at", "closed_at")})
    if notify_people and current.reported_by_id != getattr(actor, "pk", None):
        _mail(
            current.reported_by,
            _("Din rapport %(number)s: %(state)s") % {"number": current.number, "state": labels[to_state]},
            _("Rapporten du skrev har fått en ny status: %(state)s.\n\n%(link)s")
            % {"state": labels[to_state], "link": _link(reverse("deviations:mine"))},
        )
    return current


@transaction.atomic
def deviation_analyse(
    *,
    actor,
    deviation: Deviation,
    expected_version: int | None,
    causes: list[str],
    cause_description: str = "",
    severity: int | None = None,
    probability: int | None = None,
) -> dict:
    """Record the cause analysis and the risk on the municipality's shared scale (severity × probability)."""
    current = _lock(deviation, expected_version)
    if current.is_closed:
        raise ValidationError(_("Avvikelsen är avslutad. Öppna den igen för att ändra analysen."))
    unknown = [c for c in causes if c not in Deviation.Cause.values]
    if unknown:
        raise ValidationError({"causes": _("Okänd orsakskategori: %(c)s.") % {"c": ", ".join(unknown)}})
    if (severity is None) != (probability is None):
        raise ValidationError({"probability": _("Ange både konsekvens och sannolikhet, eller ingen av dem.")})
    if severity is not None:
        scale = RiskScale.for_municipality(current.municipality)
        try:
            scale.value(severity, probability)
        except ValueError:
            raise ValidationError({"severity": _("Välj värden från 1 till %(n)s.") % {"n": scale.size}}) from None
    ordered = [c for c in Deviation.Cause.values if c in causes]
    changes = update_versioned(
        current,
        actor=actor,
        expected_version=current.version,
        data={
            "causes": ordered,
            "cause_description": (cause_description or "").strip(),
            "severity": severity,
            "probability": probability,
        },
    )
    deviation.__dict__.update(
        {k: getattr(current, k) for k in ("causes", "cause_description", "severity", "probability", "version")}
    )
    return changes


@transaction.atomic
def deviation_action_create(
    *, actor, deviation: Deviation, title: str, owner, description: str = "", due_date: datetime.date | None = None
) -> ImprovementAction:
    """An action decided from the analysis becomes an improvement action linked back to the report."""
    if not (title or "").strip():
        raise ValidationError({"title": _("Skriv vad som ska göras.")})
    if due_date is not None and due_date < timezone.localdate():
        raise ValidationError({"due_date": _("Datumet har redan passerat. Välj ett datum framåt.")})
    return improvement_create(
        actor=actor,
        unit=deviation.unit,
        title=title.strip(),
        owner=owner,
        source_kind=ImprovementAction.Source.DEVIATION,
        source=deviation,
        description=(description or "").strip(),
        due_date=due_date,
    )


@transaction.atomic
def attachment_add(*, actor, deviation: Deviation, upload) -> DeviationAttachment:
    """Store a file after checking its size and its real type (read from the content, not the name)."""
    limit = django_settings.LOTS_MAX_ATTACHMENT_BYTES
    if upload.size > limit:
        raise ValidationError(
            {"file": _("Filen är för stor. Den får vara högst %(mb)s MB.") % {"mb": round(limit / (1024 * 1024), 1)}}
        )
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head) if head else None
    if kind is None or kind.mime not in ALLOWED_ATTACHMENT_TYPES:
        raise ValidationError(
            {
                "file": _(
                    "Den här filtypen går inte att bifoga. Bifoga PDF, bilder (JPEG, PNG, GIF, WebP, HEIC) eller Office-dokument."
                )
            }
        )
    name = os.path.basename(upload.name or "bilaga")[:200] or "bilaga"
    attachment = DeviationAttachment(
        deviation=deviation, original_name=name, content_type=kind.mime, size=upload.size, uploaded_by=actor
    )
    attachment.file.save(name, upload, save=False)
    attachment.save()
    audit.record_created(actor=actor, obj=attachment, fields=["original_name", "content_type", "size"], unit=deviation.unit)
    return attachment


# --- Lex Sarah -----------------------------------------------------------------------------------------


@transaction.atomic
def lex_sarah_start(
    *, actor, deviation: Deviation, at: datetime.datetime | None = None, notify_people: bool = True
) -> LexSarahInvestigation:
    """Open the investigation of a possible wrong. Reported facts are copied in as a starting point."""
    if LexSarahInvestigation.objects.filter(deviation=deviation).exists():
        raise ValidationError(_("Lex Sarah-utredningen är redan påbörjad."))
    if not deviation.possible_lex_sarah:
        update_versioned(
            deviation,
            actor=actor,
            data={"possible_lex_sarah": True},
            expected_version=None,
            note=_("Lex Sarah-utredning påbörjad"),
        )
    occurred = timezone.localtime(deviation.occurred_at)
    investigation = LexSarahInvestigation.objects.create(
        deviation=deviation,
        started_at=_now(at),
        started_by=actor,
        what_happened=deviation.description,
        when_where=f"{occurred:%Y-%m-%d %H:%M}, {deviation.unit.name}",
    )
    audit.record_created(actor=actor, obj=investigation, fields=["status", "started_at"], unit=deviation.unit)
    if notify_people:
        _mail(
            deviation.responsible,
            _("Lex Sarah: rapport %(number)s ska utredas") % {"number": deviation.number},
            _(
                "En rapport om ett möjligt missförhållande har kommit in. Den ska tas emot genast och utredas utan dröjsmål."
                "\n\n%(link)s"
            )
            % {"link": _link(deviation.get_absolute_url())},
        )
    return investigation


def _lock_investigation(investigation: LexSarahInvestigation, expected_version: int | None) -> LexSarahInvestigation:
    current = LexSarahInvestigation.objects.select_for_update().select_related("deviation__unit").get(pk=investigation.pk)
    if expected_version is not None and current.version != expected_version:
        raise ConcurrentEditError
    if not current.is_open:
        raise ValidationError(_("Utredningen är avslutad och kan inte ändras."))
    return current


INVESTIGATION_FIELDS = [
    "what_happened",
    "when_where",
    "affected",
    "informed",
    "informed_details",
    "causes",
    "actions_taken",
    "actions_planned",
    "final_assessment",
    "classification",
]
INVESTIGATION_TEXTS = [name for name in INVESTIGATION_FIELDS if name not in ("informed", "classification")]


@transaction.atomic
def investigation_update(
    *,
    actor,
    investigation: LexSarahInvestigation,
    expected_version: int | None,
    data: dict,
    at: datetime.datetime | None = None,
    integrity_confirmed: bool = False,
) -> dict:
    """Save the investigation. A serious classification starts the IVO notification, whenever it is first made.

    Its texts go into the IVO notification, so changed texts pass the integrity guard unless ``integrity_confirmed``.
    """
    unknown = set(data) - set(INVESTIGATION_FIELDS)
    if unknown:
        raise ValueError(f"Unknown investigation fields: {sorted(unknown)}")
    current = _lock_investigation(investigation, expected_version)
    cleaned = {k: v.strip() if isinstance(v, str) else v for k, v in data.items()}
    guard.check(
        current.deviation.municipality,
        guard.changed(current, cleaned, INVESTIGATION_TEXTS),
        confirmed=integrity_confirmed,
        also_known=current.deviation.case_reference.split(),
    )
    changes = update_versioned(current, actor=actor, data=cleaned, expected_version=current.version, unit=current.deviation.unit)
    investigation.__dict__.update({k: getattr(current, k) for k in [*INVESTIGATION_FIELDS, "version"]})
    if current.is_serious:
        ivo_notification_start(actor=actor, deviation=current.deviation, at=at)
    return changes


@transaction.atomic
def investigation_complete(
    *, actor, investigation: LexSarahInvestigation, expected_version: int | None = None, at: datetime.datetime | None = None
) -> LexSarahInvestigation:
    """Complete the investigation; every content SOSFS 2011:5 requires must be filled in."""
    current = _lock_investigation(investigation, expected_version)
    missing = current.missing_for_completion()
    if missing:
        raise ValidationError(_("Fyll i detta innan utredningen kan avslutas: %(fields)s.") % {"fields": ", ".join(missing)})
    if current.is_serious:
        ivo_notification_start(actor=actor, deviation=current.deviation, at=at)
    update_versioned(
        current,
        actor=actor,
        expected_version=current.version,
        action=AuditEntry.Action.TRANSITION,
        unit=current.deviation.unit,
        data={"status": LexSarahInvestigation.Status.COMPLETED, "completed_at": _now(at), "completed_by": actor},
    )
    investigation.__dict__.update(status=current.status, version=current.version, completed_at=current.completed_at)
    return current


@transaction.atomic
def investigation_close_early(
    *,
    actor,
    investigation: LexSarahInvestigation,
    position: str,
    expected_version: int | None = None,
    at: datetime.datetime | None = None,
) -> LexSarahInvestigation:
    """Close without a full investigation: allowed only with a documented position that it clearly is not a wrong."""
    current = _lock_investigation(investigation, expected_version)
    position = (position or "").strip()
    if not position:
        raise ValidationError(
            {"early_close_position": _("Skriv ert ställningstagande: varför det uppenbart inte är ett missförhållande.")}
        )
    labels = dict(LexSarahInvestigation.Classification.choices)
    if current.classification and current.classification != LexSarahInvestigation.Classification.NOT_A_WRONG:
        raise ValidationError(
            {
                "early_close_position": _("Händelsen är bedömd som %(c)s. Utredningen kan inte avslutas i förtid.")
                % {"c": str(labels[current.classification]).lower()}
            }
        )
    if IvoNotification.objects.filter(deviation_id=current.deviation_id).exists():
        raise ValidationError({"early_close_position": _("Händelsen är anmäld till IVO. Utredningen måste genomföras.")})
    update_versioned(
        current,
        actor=actor,
        expected_version=current.version,
        action=AuditEntry.Action.TRANSITION,
        unit=current.deviation.unit,
        data={
            "status": LexSarahInvestigation.Status.CLOSED_EARLY,
            "classification": LexSarahInvestigation.Classification.NOT_A_WRONG,
            "early_close_position": position,
            "completed_at": _now(at),
            "completed_by": actor,
        },
    )
    investigation.__dict__.update(status=current.status, version=current.version, classification=current.classification)
    return current


# --- IVO notification ----------------------------------------------------------------------------------


@transaction.atomic
def ivo_notification_start(*, actor, deviation: Deviation, at: datetime.datetime | None = None) -> IvoNotification:
    """Start the notification of a serious wrong; the target date is the setting's days from the report."""
    existing = IvoNotification.objects.filter(deviation=deviation).first()
    if existing is not None:
        return existing
    config = DeviationSettings.for_municipality(deviation.municipality)
    due = timezone.localdate(deviation.reported_at) + datetime.timedelta(days=config.ivo_target_days)
    is_person = getattr(actor, "pk", None) is not None
    notification = IvoNotification.objects.create(
        deviation=deviation,
        started_at=_now(at),
        started_by=actor if is_person else None,
        due_date=due,
        contact_name=actor.get_full_name() if is_person else "",
        contact_phone=getattr(actor, "phone", "") if is_person else "",
        contact_email=getattr(actor, "email", "") if is_person else "",
    )
    audit.record_created(actor=actor, obj=notification, fields=["due_date", "contact_name"], unit=deviation.unit)
    notifiers = handlers_for(deviation.unit, "deviation.notify_ivo")
    for person in notifiers:
        _mail(
            person,
            _("Anmälan till IVO: %(number)s") % {"number": deviation.number},
            _(
                "En händelse har bedömts som allvarlig. Anmälan till IVO föreslås, med mål att skicka den senast %(due)s. "
                "Nämnden eller förvaltningschefen enligt delegation beslutar om anmälan. Utredningen fortsätter."
                "\n\n%(link)s"
            )
            % {"due": due.isoformat(), "link": _link(reverse("deviations:ivo", args=[deviation.pk]))},
        )
    for person in handlers_for(deviation.unit, "deviation.decide_ivo"):
        if person not in notifiers:
            _mail(
                person,
                _("Beslut om anmälan till IVO: %(number)s") % {"number": deviation.number},
                _("Anmälan till IVO föreslås. Registrera beslutet.\n\n%(link)s")
                % {"link": _link(reverse("deviations:ivo", args=[deviation.pk]))},
            )
    return notification


IVO_FIELDS = ["contact_name", "contact_phone", "contact_email", "activity_area", "other_notifications", "investigation_expected"]
IVO_TEXTS = ["activity_area", "other_notifications"]


def _lock_notification(notification: IvoNotification, expected_version: int | None) -> IvoNotification:
    current = (
        IvoNotification.objects.select_for_update()
        .select_related("deviation__unit", "deviation__municipality")
        .get(pk=notification.pk)
    )
    if expected_version is not None and current.version != expected_version:
        raise ConcurrentEditError
    if current.is_sent:
        raise ValidationError(_("Anmälan är skickad och kan inte längre ändras."))
    return current


@transaction.atomic
def ivo_notification_update(
    *, actor, notification: IvoNotification, expected_version: int | None, data: dict, integrity_confirmed: bool = False
) -> dict:
    """Save the notification's own fields. Its free texts pass the integrity guard (the contact person is staff)."""
    unknown = set(data) - set(IVO_FIELDS)
    if unknown:
        raise ValueError(f"Unknown notification fields: {sorted(unknown)}")
    current = _lock_notification(notification, expected_version)
    guard.check(
        current.deviation.municipality,
        guard.changed(current, data, IVO_TEXTS),
        confirmed=integrity_confirmed,
        also_known=current.deviation.case_reference.split(),
    )
    expected = data.get("investigation_expected")
    if expected is not None and expected != current.investigation_expected and expected < timezone.localdate():
        message = _("Datumet har redan passerat. Ange när utredningen beräknas vara klar.")
        raise ValidationError({"investigation_expected": message})
    changes = update_versioned(current, actor=actor, data=data, expected_version=current.version, unit=current.deviation.unit)
    notification.__dict__.update({k: getattr(current, k) for k in [*IVO_FIELDS, "version"]})
    return changes


@transaction.atomic
def ivo_notification_decide(
    *,
    actor,
    notification: IvoNotification,
    basis: str,
    reference: str,
    decided_at: datetime.datetime | None = None,
    expected_version: int | None = None,
) -> IvoNotification:
    """Record the decision to notify IVO: who recorded it, when, and on which basis (the board or the delegation order).

    Only a förvaltningschef over the unit records it (Katrineholm §5.2–5.3); the notification can be sent only after.
    """
    from lots import access

    current = _lock_notification(notification, expected_version)
    if not access.can(actor, "deviation.decide_ivo", current.deviation.unit):
        raise PermissionDenied(_("Beslut om anmälan till IVO fattas av nämnden eller förvaltningschefen enligt delegation."))
    if current.is_decided:
        raise ValidationError(_("Beslutet om anmälan är redan registrerat."))
    errors = {}
    if basis not in IvoNotification.Basis.values:
        errors["decision_basis"] = _("Välj vem som beslutade.")
    reference = (reference or "").strip()
    if not reference:
        errors["decision_reference"] = _("Ange protokollsparagraf eller delegationspunkt.")
    decided_at = _now(decided_at)
    if decided_at > timezone.now() + CLOCK_SLACK:
        errors["decided_at"] = _("Tidpunkten ligger i framtiden.")
    elif decided_at < current.deviation.reported_at.replace(second=0, microsecond=0):
        errors["decided_at"] = _("Beslutet kan inte ha fattats före rapporten.")
    if errors:
        raise ValidationError(errors)
    update_versioned(
        current,
        actor=actor,
        expected_version=current.version,
        action=AuditEntry.Action.TRANSITION,
        unit=current.deviation.unit,
        data={"decided_at": decided_at, "decided_by": actor, "decision_basis": basis, "decision_reference": reference},
    )
    notification.__dict__.update(
        {k: getattr(current, k) for k in ("decided_at", "decided_by_id", "decision_basis", "decision_reference", "version")}
    )
    return current


def notification_missing(notification: IvoNotification) -> list[str]:
    """What the IVO form needs that is still empty."""
    config = DeviationSettings.for_municipality(notification.deviation.municipality)
    missing = []
    if not config.organisation_number:
        missing.append(_("organisationsnummer (kommunens inställningar)"))
    if not notification.contact_name:
        missing.append(_("kontaktperson"))
    if not (notification.contact_phone or notification.contact_email):
        missing.append(_("telefon eller e-post till kontaktpersonen"))
    investigation = LexSarahInvestigation.objects.filter(deviation_id=notification.deviation_id).first()
    if investigation is None or not investigation.what_happened or not investigation.affected:
        missing.append(_("vad som hänt och vem som drabbades (utredningen)"))
    if investigation is None or not investigation.when_where:
        missing.append(_("när och var det hände (utredningen)"))
    return missing


@transaction.atomic
def ivo_notification_mark_sent(
    *,
    actor,
    notification: IvoNotification,
    sent_at: datetime.datetime | None = None,
    ivo_reference: str = "",
    expected_version: int | None = None,
) -> IvoNotification:
    """Record that the notification was sent to IVO, when and by whom, and keep a copy of what was sent."""
    from lots.deviations.ivo import ivo_pdf

    current = _lock_notification(notification, expected_version)
    if not current.is_decided:
        raise ValidationError(
            _("Beslut om anmälan saknas. Nämnden eller förvaltningschefen enligt delegation beslutar innan anmälan görs.")
        )
    missing = notification_missing(current)
    if missing:
        raise ValidationError(_("Anmälan är inte komplett. Fyll i: %(fields)s.") % {"fields": ", ".join(missing)})
    sent_at = _now(sent_at)
    if sent_at > timezone.now() + CLOCK_SLACK:
        raise ValidationError({"sent_at": _("Tidpunkten ligger i framtiden.")})
    if sent_at < current.deviation.reported_at.replace(second=0, microsecond=0):  # forms give whole minutes
        raise ValidationError({"sent_at": _("Anmälan kan inte ha skickats före rapporten.")})
    if sent_at < current.decided_at.replace(second=0, microsecond=0):
        raise ValidationError({"sent_at": _("Anmälan kan inte ha skickats före beslutet om den.")})
    update_versioned(
        current,
        actor=actor,
        expected_version=current.version,
        action=AuditEntry.Action.TRANSITION,
        unit=current.deviation.unit,
        data={"sent_at": sent_at, "sent_by": actor, "ivo_reference": (ivo_reference or "").strip()},
    )
    # The copy of what was sent and its archived record are kept in Swedish, whoever registers the sending.
    with translation.override("sv"):
        pdf = ivo_pdf(current)
        current.sent_pdf.save(f"ivo-{current.deviation.number}.pdf", ContentFile(pdf), save=False)
        IvoNotification.objects.filter(pk=current.pk).update(sent_pdf=current.sent_pdf.name)
        notification.__dict__.update(
            sent_at=current.sent_at, sent_by_id=current.sent_by_id, version=current.version, sent_pdf=current.sent_pdf
        )
        deviation = current.deviation
        document_establish(
            actor=actor,
            record=current,
            kind=ArchivedDocument.Kind.IVO_NOTIFICATION,
            unit=deviation.unit,
            year=timezone.localtime(sent_at).year,
            title=_("Anmälan till IVO, avvikelse %(number)s") % {"number": deviation.number},
            established_at=sent_at,
        )
    return current


# --- Import --------------------------------------------------------------------------------------------


@transaction.atomic
def deviations_import(*, actor, municipality: Municipality, rows: list[dict]) -> list[Deviation]:
    """Import rows checked by ``importing.validate``, all in one transaction: any error leaves nothing imported.

    Rows keep the status they had in the other system. One flagged as lex Sarah
    but already åtgärdad or avslutad there keeps the flag without a new investigation.
    """
    created = []
    for row in rows:
        unit = row["unit"]
        if unit is None or unit.municipality_id != municipality.pk:
            raise ValidationError(_("Rad %(line)s: enheten hör inte till %(m)s.") % {"line": row["line"], "m": municipality.name})
        state = row["state"]
        done = state in (State.RESOLVED, State.CLOSED)
        reported_at = row["reported_at"] or row["occurred_at"]
        try:
            deviation = deviation_report(
                actor=actor,
                unit=unit,
                occurred_at=row["occurred_at"],
                description=row["description"],
                category=row["category"],
                immediate_action=row["immediate_action"],
                possible_lex_sarah=row["possible_lex_sarah"] and not done,
                case_reference=row["case_reference"],
                reported_at=reported_at,
                external_reference=row["external_reference"],
                # The preview refused personal numbers and showed every likely name; importing confirms them.
                integrity_confirmed=True,
                notify_people=False,
            )
        except ValidationError as error:
            raise ValidationError(_("Rad %(line)s: %(e)s") % {"line": row["line"], "e": " ".join(error.messages)}) from None
        data: dict = {}
        if row["possible_lex_sarah"] and done:
            data["possible_lex_sarah"] = True
        if state != State.REPORTED:
            data.update(state=state, received_at=reported_at)
            if done:
                data["resolved_at"] = row["closed_at"]
            if state == State.CLOSED:
                data["closed_at"] = row["closed_at"]
        if data:
            update_versioned(
                deviation,
                actor=actor,
                data=data,
                expected_version=None,
                action=AuditEntry.Action.TRANSITION,
                note=_("Importerad med status från tidigare system"),
            )
        if state != State.REPORTED:
            DeviationEvent.objects.create(
                deviation=deviation,
                at=row["closed_at"] or reported_at,
                actor=actor,
                from_state=State.REPORTED,
                to_state=state,
                comment=_("Status från tidigare system"),
            )
        created.append(deviation)
    return created
