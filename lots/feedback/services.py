"""Writes to feedback cases: each one atomic, audit-logged, and mailing only after commit.

Contact details never go into the audit log or into mail to staff: the log and
the mail say *that* there are contact details, and the case page shows them to
those who handle the case.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lots import access
from lots.access.policy import LINE_MANAGERS
from lots.accounts.models import Role, User
from lots.audit import services as audit
from lots.audit.versioning import update_versioned
from lots.deviations import guard
from lots.feedback.models import AccessibilityReport, FeedbackAttachment, FeedbackCase, FeedbackSettings
from lots.notifications.services import mail_language, notify, send_once
from lots.organisation.models import Municipality, Unit

C = FeedbackCase
CONTACT_FIELDS = ("contact_name", "contact_email", "contact_phone", "contact_address")
PUBLIC_INTEGRITY_MESSAGE = gettext_lazy(
    "Texten kan innehålla %(found)s. Namn och personnummer gör att den du skriver om kan kännas igen – och du själv, "
    "även om du inte lämnar några kontaktuppgifter. Ta bort dem om de inte behövs, eller kryssa i rutan nedan och "
    "skicka igen."
)


# --- Who is responsible -------------------------------------------------------------------------


def manager_levels(unit: Unit) -> list[tuple[int, list[User]]]:
    """The line managers responsible for ``unit``, level by level from the unit upward.

    A manager counts at their own unit, and at a unit above only when their role
    includes sub-units. Levels without anyone are skipped.
    """
    by_unit: dict[int, list[User]] = {}
    for assignment in access.assignments_on_path(unit, roles=LINE_MANAGERS):
        people = by_unit.setdefault(assignment.unit_id, [])
        if assignment.user not in people:
            people.append(assignment.user)
    return [
        (unit_id, sorted(people, key=lambda u: (u.last_name, u.first_name, u.username))) for unit_id, people in by_unit.items()
    ]


def quality_coordinators(unit: Unit) -> list[User]:
    """The quality coordinators whose role reaches ``unit``, by username."""
    return list(access.people_holding(unit, roles=[Role.KVALITETSSAMORDNARE]).order_by("username"))


def municipality_quality_coordinators(municipality: Municipality) -> list[User]:
    return list(access.people_in([municipality], roles=[Role.KVALITETSSAMORDNARE]).order_by("username"))


def responsible_managers(unit: Unit) -> list[User]:
    """Who receives a new case: the nearest line managers, or the quality coordinators when the unit has none."""
    levels = manager_levels(unit)
    return levels[0][1] if levels else quality_coordinators(unit)


def escalation_managers(case: FeedbackCase, steps: int = 1) -> list[User]:
    """The level ``steps`` above whoever handles the case: the line managers that many levels up the tree.

    Past the top of the line, the quality coordinators receive the escalation.
    """
    levels = manager_levels(case.unit)
    position = 0
    for index, (_unit_id, people) in enumerate(levels):
        if case.handler_id in {p.pk for p in people}:
            position = index
            break
    if position + steps < len(levels):
        return levels[position + steps][1]
    return [p for p in quality_coordinators(case.unit) if p.pk != case.handler_id]


# --- Creating cases -----------------------------------------------------------------------------


def _clean_contact(reply: str, contact: dict) -> dict:
    contact = {f: (contact.get(f) or "").strip() for f in CONTACT_FIELDS}
    if contact["contact_email"]:
        try:
            validate_email(contact["contact_email"])
        except ValidationError:
            # One address only: a list would send the secret status link to everyone on it.
            raise ValidationError({"contact_email": _("Skriv en giltig e-postadress, till exempel namn@exempel.se.")}) from None
    if reply == C.Reply.EMAIL and not contact["contact_email"]:
        raise ValidationError({"contact_email": _("Skriv en e-postadress så att vi kan svara dig.")})
    if reply == C.Reply.LETTER and not (contact["contact_name"] and contact["contact_address"]):
        field = "contact_name" if not contact["contact_name"] else "contact_address"
        raise ValidationError({field: _("Skriv namn och postadress så att vi kan skicka svaret.")})
    if reply == C.Reply.PHONE and not contact["contact_phone"]:
        raise ValidationError({"contact_phone": _("Skriv ett telefonnummer så att vi kan ringa dig.")})
    return contact


def _status_url(case: FeedbackCase, token: str) -> str:
    return settings.SITE_URL + reverse("feedback_public:status", args=[case.municipality.slug, token])


def _create(
    *,
    actor,
    municipality: Municipality,
    unit: Unit,
    kind: str,
    sender_role: str,
    channel: str,
    description: str,
    received_at: datetime.datetime,
    reply: str,
    contact: dict,
    category: str = "",
    authority: str = "",
    external_reference: str = "",
    attachments=(),
    original=None,
    with_token: bool,
    integrity_confirmed: bool = False,
    notify_people: bool = True,
    note: str = "",
    language: str = "",
) -> tuple[FeedbackCase, str]:
    if not unit.is_open:
        raise ValidationError({"unit": _("Enheten är stängd. Välj en annan enhet.")})
    if not description.strip():
        raise ValidationError({"description": _("Beskriv vad det gäller.")})
    guard.check(
        unit.municipality,
        {"description": description},
        confirmed=integrity_confirmed,
        message="" if actor is not None else PUBLIC_INTEGRITY_MESSAGE,
    )
    anonymous = reply == C.Reply.NONE and not any((contact.get(f) or "").strip() for f in CONTACT_FIELDS)
    contact = _clean_contact(reply, contact)
    rules = FeedbackSettings.for_municipality(unit.municipality)
    received_on = timezone.localtime(received_at).date()
    managers = responsible_managers(unit)
    token = C.new_status_token() if with_token else ""
    case = FeedbackCase.objects.create(
        municipality=municipality,
        unit=unit,
        kind=kind,
        sender_role=sender_role,
        channel=channel,
        category=category,
        authority=authority,
        external_reference=external_reference.strip(),
        description=description.strip(),
        is_anonymous=anonymous,
        preferred_reply=reply,
        received_at=received_at,
        due_date=received_on + datetime.timedelta(days=rules.deadline_days),
        registered_by=actor,
        handler=managers[0] if managers else None,
        status_token_hash=C.hash_token(token) if token else "",
        contact_language=language if language in dict(settings.LANGUAGES) else "",
        **contact,
    )
    case.reference = f"SYN-{received_on.year}-{case.pk:05d}"
    case.save(update_fields=["reference"])
    if original is not None:
        _attach(case, original, is_original=True)
    for upload in attachments:
        _attach(case, upload)
    audit.record_created(
        actor=actor,
        obj=case,
        fields=[
            "reference",
            "kind",
            "unit",
            "channel",
            "sender_role",
            "category",
            "authority",
            "is_anonymous",
            "due_date",
            "handler",
        ],
        note=note or (_("Inkom via e-tjänsten") if channel == C.Channel.E_SERVICE else _("Registrerad av personal")),
    )
    if notify_people:
        for person in managers:
            _mail_new_case(case, person)
        if token and case.contact_email:
            _mail_receipt(case, token)
    return case, token


def _attach(case: FeedbackCase, upload, *, is_original: bool = False) -> FeedbackAttachment:
    """Store one upload already checked by the form (``upload.detected_type`` set from its content)."""
    attachment = FeedbackAttachment(
        case=case,
        original_name=(upload.name or "bilaga")[:200],
        content_type=upload.detected_type,
        size=upload.size,
        is_original=is_original,
    )
    attachment.file.save(upload.name or "bilaga", upload, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def feedback_submit(
    *,
    municipality: Municipality,
    unit: Unit,
    kind: str,
    sender_role: str,
    description: str,
    reply: str,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    contact_address: str = "",
    attachments=(),
    at: datetime.datetime | None = None,
    integrity_confirmed: bool = False,
    notify_people: bool = True,
    language: str = "",
) -> tuple[FeedbackCase, str]:
    """A submission from the public e-service (no account). Returns the case and the secret status token.

    ``language`` is the language the sender used on the form; the mail to them is written in it.

    A description naming someone is refused with a warning (names undo anonymity) unless ``integrity_confirmed``.

    The token is returned once; only its hash is stored. The unit's manager is
    mailed, and the sender too when they gave an e-mail address (``notify_people=False``
    only for loading history, as the demo does).
    """
    if unit.municipality_id != municipality.pk and not unit.serves.filter(pk=municipality.pk).exists():
        raise ValidationError({"unit": _("Verksamheten finns inte i den här kommunen.")})
    return _create(
        actor=None,
        municipality=municipality,
        unit=unit,
        kind=kind,
        sender_role=sender_role,
        channel=C.Channel.E_SERVICE,
        description=description,
        received_at=at or timezone.now(),
        reply=reply,
        contact={
            "contact_name": contact_name,
            "contact_email": contact_email,
            "contact_phone": contact_phone,
            "contact_address": contact_address,
        },
        attachments=attachments,
        with_token=True,
        integrity_confirmed=integrity_confirmed,
        notify_people=notify_people,
        language=language,
    )


@transaction.atomic
def feedback_register(
    *,
    actor,
    unit: Unit,
    kind: str,
    sender_role: str,
    channel: str,
    description: str,
    received_at: datetime.datetime | None = None,
    reply: str = C.Reply.NONE,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    contact_address: str = "",
    category: str = "",
    authority: str = "",
    external_reference: str = "",
    attachments=(),
    integrity_confirmed: bool = False,
    notify_people: bool = True,
) -> FeedbackCase:
    """Staff register feedback received by phone, letter, e-mail, at a visit or a meeting, or a report from an authority.

    The description passes the integrity guard unless ``integrity_confirmed``.

    A sender who gave an e-mail address is sent the reference and a status link.
    """
    if channel == C.Channel.E_SERVICE:
        raise ValidationError({"channel": _("Ärenden från e-tjänsten kommer in av sig själva. Välj hur synpunkten kom in.")})
    received_at = received_at or timezone.now()
    if received_at > timezone.now() + datetime.timedelta(minutes=5):
        raise ValidationError({"received_on": _("Datumet kan inte vara i framtiden.")})
    if authority:
        sender_role = C.SenderRole.AUTHORITY
    elif sender_role == C.SenderRole.AUTHORITY:
        raise ValidationError({"authority": _("Välj vilken myndighet rapporten kommer från.")})
    case, _token = _create(
        actor=actor,
        municipality=unit.municipality,
        unit=unit,
        kind=kind,
        sender_role=sender_role,
        channel=channel,
        description=description,
        received_at=received_at,
        reply=reply,
        contact={
            "contact_name": contact_name,
            "contact_email": contact_email,
            "contact_phone": contact_phone,
            "contact_address": contact_address,
        },
        category=category,
        authority=authority,
        external_reference=external_reference,
        attachments=attachments,
        with_token=bool(contact_email.strip()),
        integrity_confirmed=integrity_confirmed,
        notify_people=notify_people,
    )
    return case


def received_at_on(day: datetime.date) -> datetime.datetime:
    """When a case that arrived on ``day`` counts as received: now for today, noon of the day for an earlier one."""
    if day == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12, 0)))


@transaction.atomic
def feedback_register_original(
    *,
    actor,
    unit: Unit,
    kind: str,
    sender_role: str,
    channel: str,
    received_on: datetime.date | None,
    description: str,
    original=None,
    reply: str = C.Reply.NONE,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    contact_address: str = "",
    integrity_confirmed: bool = False,
    notify_people: bool = True,
) -> FeedbackCase:
    """The registrator registers a complaint as it arrived (Katrineholm §5.2): a letter or an e-mail with the
    original as an attachment (required), or a phone call with the registrator's note.

    ``received_on`` is the day it arrived, as the registrator gives it: never defaulted to today, never in the
    future. Whether ``unit`` is in the registrator's scope is decided by the caller
    (``lots.feedback.access.original_units``). The case then goes to the unit's managers like any registered case.
    """
    errors = {}
    if channel not in C.ORIGINAL_CHANNELS:
        errors["channel"] = _("Välj om det kom som brev, e-post eller per telefon.")
    if received_on is None:
        errors["received_on"] = _("Skriv datumet då det kom in.")
    elif received_on > timezone.localdate():
        errors["received_on"] = _("Datumet kan inte vara i framtiden.")
    if channel in C.ORIGINAL_DOCUMENT_REQUIRED and original is None:
        errors["original"] = _("Bifoga originalet: det inskannade brevet eller e-postmeddelandet.")
    if sender_role not in [r.value for r in C.PUBLIC_SENDER_ROLES]:
        errors["sender_role"] = _("Välj vem det kommer från.")
    if errors:
        raise ValidationError(errors)
    case, _token = _create(
        actor=actor,
        municipality=unit.municipality,
        unit=unit,
        kind=kind,
        sender_role=sender_role,
        channel=channel,
        description=description,
        received_at=received_at_on(received_on),
        reply=reply,
        contact={
            "contact_name": contact_name,
            "contact_email": contact_email,
            "contact_phone": contact_phone,
            "contact_address": contact_address,
        },
        original=original,
        with_token=bool(contact_email.strip()),
        integrity_confirmed=integrity_confirmed,
        notify_people=notify_people,
        note=_("Registrerat i originalform"),
    )
    return case


# --- Handling -----------------------------------------------------------------------------------


def _at(at: datetime.datetime | None) -> datetime.datetime:
    return at or timezone.now()


@transaction.atomic
def feedback_receive(*, actor, case: FeedbackCase, expected_version: int | None = None, at=None) -> FeedbackCase:
    """The manager takes the case and becomes its handler."""
    if not case.can_receive():
        raise ValidationError(_("Ärendet är redan mottaget."))
    update_versioned(
        case,
        actor=actor,
        action="transition",
        expected_version=expected_version,
        note=_("Mottaget av handläggaren"),
        data={"status": C.Status.IN_PROGRESS, "handler": actor, "taken_at": _at(at)},
    )
    return case


@transaction.atomic
def feedback_update(
    *,
    actor,
    case: FeedbackCase,
    expected_version: int | None,
    category: str,
    sender_role: str,
    unit: Unit,
    investigation: str,
    integrity_confirmed: bool = False,
) -> dict:
    """Classify and investigate. Moving the case to another unit hands it to that unit's manager.

    A changed investigation text passes the integrity guard unless ``integrity_confirmed``."""
    if case.is_closed:
        raise ValidationError(_("Ärendet är avslutat och kan inte ändras."))
    guard.check(
        case.municipality, guard.changed(case, {"investigation": investigation}, ["investigation"]), confirmed=integrity_confirmed
    )
    if not unit.is_open:
        raise ValidationError({"unit": _("Enheten är stängd. Välj en annan enhet.")})
    if sender_role == C.SenderRole.AUTHORITY and not case.authority:
        raise ValidationError({"sender_role": _("Bara rapporter från myndigheter har myndighet som avsändare.")})
    data = {"category": category, "sender_role": sender_role, "investigation": investigation.strip(), "unit": unit}
    new_managers: list[User] = []
    if unit.pk != case.unit_id:
        new_managers = responsible_managers(unit)
        data["handler"] = new_managers[0] if new_managers else None
        if case.status == C.Status.IN_PROGRESS:
            data["status"] = C.Status.NEW
    changes = update_versioned(case, actor=actor, data=data, expected_version=expected_version)
    for person in new_managers:
        _mail_new_case(case, person, moved=True)
    return changes


@transaction.atomic
def feedback_answer(
    *, actor, case: FeedbackCase, expected_version: int | None, method: str, answer: str, at=None, notify_people: bool = True
) -> FeedbackCase:
    """Record the answer; by e-mail it is sent now (after commit), by letter the view renders the PDF."""
    if not case.can_answer():
        if case.is_anonymous:
            raise ValidationError(_("Avsändaren är anonym och kan inte få något svar."))
        raise ValidationError(_("Ärendet måste vara mottaget och inte avslutat för att kunna besvaras."))
    answer = answer.strip()
    if not answer:
        raise ValidationError({"answer": _("Skriv svaret.")})
    if method == C.AnswerMethod.EMAIL and not case.contact_email:
        raise ValidationError({"method": _("Avsändaren har inte lämnat någon e-postadress. Välj brev eller telefon.")})
    if method == C.AnswerMethod.LETTER and not case.contact_address:
        raise ValidationError({"method": _("Avsändaren har inte lämnat någon postadress. Välj ett annat sätt att svara.")})
    if method == C.AnswerMethod.PHONE and not case.contact_phone:
        raise ValidationError({"method": _("Avsändaren har inte lämnat något telefonnummer. Välj ett annat sätt att svara.")})
    update_versioned(
        case,
        actor=actor,
        action="transition",
        expected_version=expected_version,
        note=_("Besvarat"),
        data={
            "status": C.Status.ANSWERED,
            "answer": answer,
            "answer_method": method,
            "answered_at": _at(at),
            "answered_by": actor,
        },
    )
    if method == C.AnswerMethod.EMAIL and notify_people:
        with mail_language(language=case.contact_language):
            subject = _("Svar på din synpunkt %(ref)s") % {"ref": case.reference}
            notify(to=case.contact_email, subject=subject, body=_answer_mail(case, actor))
    return case


@transaction.atomic
def feedback_close(
    *, actor, case: FeedbackCase, expected_version: int | None, category: str, closing_note: str = "", at=None
) -> FeedbackCase:
    if not case.can_close():
        raise ValidationError(_("Ärendet måste vara mottaget och inte redan avslutat."))
    if not category:
        raise ValidationError({"category": _("Välj vad ärendet gäller innan du avslutar det.")})
    if case.status != C.Status.ANSWERED and case.can_be_answered and case.preferred_reply != C.Reply.NONE:
        raise ValidationError(_("Avsändaren vill ha svar. Svara innan du avslutar ärendet."))
    update_versioned(
        case,
        actor=actor,
        action="transition",
        expected_version=expected_version,
        note=_("Avslutat"),
        data={
            "status": C.Status.CLOSED,
            "category": category,
            "closing_note": closing_note.strip(),
            "closed_at": _at(at),
            "closed_by": actor,
        },
    )
    return case


def escalate_up_the_line(record, *, to: list[User], at=None, still_late: str) -> None:
    """Mark an overdue ``record`` (a case, a delegation track) escalated to ``to[0]``, the next level up. Escalated
    again it goes further up the line; the first escalation's time is kept. ``still_late`` is the note of a further
    escalation. Nothing happens when there is no level above or the record is already with that person."""
    target = to[0] if to else None
    if record.escalated_at is not None and (target is None or target.pk == record.escalated_to_id):
        return
    first = record.escalated_at is None
    update_versioned(
        record,
        actor=None,
        action="transition",
        expected_version=None,
        note=_("Eskalerat: tidsfristen har passerat") if first else still_late,
        data={"escalated_at": _at(at), "escalated_to": target} if first else {"escalated_to": target},
    )


@transaction.atomic
def feedback_escalate(*, case: FeedbackCase, to: list[User], at=None) -> FeedbackCase:
    """The deadline has passed: the case is marked escalated to ``to``, the next level up. Mail is sent by the reminders.

    A case that stays overdue is escalated again, level by level up the line; the first escalation's time is kept.
    """
    if not case.is_closed:
        escalate_up_the_line(case, to=to, at=at, still_late=_("Eskalerat vidare: ärendet är fortfarande försenat"))
    return case


@transaction.atomic
def feedback_report_lex_sarah(*, actor, case: FeedbackCase, occurred_at: datetime.datetime, at=None, notify_people: bool = True):
    """Turn a complaint that describes a possible wrong into a lex Sarah report, linked both ways.

    ``occurred_at`` is when the event happened, as the person reporting gives it: never the day the complaint
    arrived. The deviation keeps the case as its source; the case records when it was reported.
    """
    from lots.deviations.services import deviation_report

    if case.lex_sarah_at is not None:
        raise ValidationError(_("Det finns redan en lex Sarah-rapport för ärendet."))
    if case.kind == C.Kind.PRAISE:
        raise ValidationError(_("Beröm kan inte bli en lex Sarah-rapport."))
    description = _("Från %(kind)s %(ref)s, inkom %(date)s:\n\n%(text)s") % {
        "kind": case.get_kind_display().lower(),
        "ref": case.reference,
        "date": case.received_on.isoformat(),
        "text": case.description,
    }
    extra = {}
    if at is not None:
        extra["reported_at"] = at
    if not notify_people:
        extra["notify_people"] = False
    deviation = deviation_report(
        actor=actor,
        unit=case.unit,
        occurred_at=occurred_at,
        description=description,
        possible_lex_sarah=True,
        source=case,
        # The case's text passed the integrity guard when it was submitted or registered.
        integrity_confirmed=True,
        **extra,
    )
    update_versioned(
        case,
        actor=actor,
        action="transition",
        expected_version=None,
        note=_("Lex Sarah-rapport gjord"),
        data={"lex_sarah_at": _at(at)},
    )
    return deviation


@transaction.atomic
def feedback_improvement_create(
    *, actor, case: FeedbackCase, title: str, owner: User, description: str = "", due_date: datetime.date | None = None
):
    """An improvement action that came out of the case, linked to it."""
    from lots.improvements.models import ImprovementAction
    from lots.improvements.services import improvement_create

    action = improvement_create(
        actor=actor,
        unit=case.unit,
        title=title.strip(),
        owner=owner,
        source_kind=ImprovementAction.Source.COMPLAINT,
        source=case,
        description=description.strip(),
        due_date=due_date,
    )
    audit.record(actor=actor, action="update", obj=case, note=_("Förbättringsåtgärd %(id)s") % {"id": action.pk})
    return action


# --- Settings and accessibility reports ---------------------------------------------------------


SETTINGS_FIELDS = (
    "deadline_days",
    "reminder_days_before",
    "delegation_deadline_days",
    "fallback_unit",
    "contact_email",
    "contact_phone",
    "secrecy_law",
    "accessibility_law",
    "accessibility_reviewed_on",
)


@transaction.atomic
def feedback_settings_save(*, actor, municipality: Municipality, expected_version: int | None, **data) -> FeedbackSettings:
    unknown = set(data) - set(SETTINGS_FIELDS)
    if unknown:
        raise TypeError(f"Unknown settings: {sorted(unknown)}")
    fallback = data.get("fallback_unit")
    if fallback is not None and fallback.municipality_id != municipality.pk:
        raise ValidationError({"fallback_unit": _("Enheten hör till en annan kommun.")})
    if data.get("reminder_days_before", 0) >= data.get("deadline_days", FeedbackSettings.DEFAULT_DEADLINE_DAYS):
        raise ValidationError({"reminder_days_before": _("Påminnelsen måste komma före sista dagen.")})
    current = FeedbackSettings.objects.filter(municipality=municipality).first()
    if current is None:
        current = FeedbackSettings.objects.create(municipality=municipality, **data)
        audit.record_created(actor=actor, obj=current, fields=list(data), unit=_top_unit(municipality))
        return current
    update_versioned(current, actor=actor, data=data, expected_version=expected_version, unit=_top_unit(municipality))
    return current


def _top_unit(municipality: Municipality) -> Unit | None:
    return Unit.objects.filter(municipality=municipality, parent__isnull=True).order_by("path").first()


@transaction.atomic
def accessibility_report_create(
    *, municipality: Municipality, description: str, page: str = "", contact_email: str = ""
) -> AccessibilityReport:
    """A problem reported from the accessibility statement; the municipality's quality coordinators are mailed."""
    description = description.strip()
    if not description:
        raise ValidationError({"description": _("Beskriv problemet.")})
    report = AccessibilityReport.objects.create(
        municipality=municipality, description=description, page=page.strip(), contact_email=contact_email.strip()
    )
    top = _top_unit(municipality)
    audit.record_created(actor=None, obj=report, fields=["page"], unit=top, note=_("Tillgänglighetsproblem anmält"))
    recipients = municipality_quality_coordinators(municipality)
    link = settings.SITE_URL + reverse("feedback:accessibility_reports")
    for person in recipients:
        notify(
            to=person.email,
            subject=_("Tillgänglighetsproblem i e-tjänsten för synpunkter"),
            body=_(
                "Någon har anmält ett tillgänglighetsproblem i e-tjänsten för %(municipality)s.\n\n"
                "Läs anmälan och svara: %(link)s\n"
            )
            % {"municipality": municipality.name, "link": link},
        )
    return report


@transaction.atomic
def accessibility_report_handle(*, actor, report: AccessibilityReport) -> AccessibilityReport:
    if report.handled_at is not None:
        return report
    report.handled_at = timezone.now()
    report.handled_by = actor
    report.save(update_fields=["handled_at", "handled_by"])
    audit.record(
        actor=actor,
        action="update",
        obj=report,
        unit=_top_unit(report.municipality),
        changes={"handled_at": (None, report.handled_at)},
    )
    return report


# --- Mail ---------------------------------------------------------------------------------------


def _mail_new_case(case: FeedbackCase, person: User, *, moved: bool = False) -> None:
    """Tell a manager about a case. The mail names the case and links to it, with no personal details."""
    step = f"moved-{case.unit_id}" if moved else "new"
    intro = _("Ett ärende har flyttats till din enhet.") if moved else _("Ett nytt ärende har kommit in till din enhet.")
    body = _(
        "%(intro)s\n\n%(kind)s %(ref)s\nEnhet: %(unit)s\nKanal: %(channel)s\nSka vara avslutat senast: %(due)s\n\n"
        "Öppna ärendet: %(link)s\n"
    ) % {
        "intro": intro,
        "kind": case.get_kind_display(),
        "ref": case.reference,
        "unit": case.unit.name,
        "channel": case.get_channel_display(),
        "due": case.due_date.isoformat(),
        "link": settings.SITE_URL + case.get_absolute_url(),
    }
    send_once(
        key=f"feedback:{case.pk}:{step}:{person.pk}",
        to=person.email,
        subject=_("%(kind)s %(ref)s till %(unit)s")
        % {"kind": case.get_kind_display(), "ref": case.reference, "unit": case.unit.name},
        body=body,
    )


def _mail_receipt(case: FeedbackCase, token: str) -> None:
    with mail_language(language=case.contact_language):
        notify(
            to=case.contact_email,
            subject=_("Vi har tagit emot din synpunkt %(ref)s") % {"ref": case.reference},
            body=_(
                "Tack för att du hörde av dig.\n\nDitt ärende har nummer %(ref)s. Vi svarar senast %(due)s.\n\n"
                "Här kan du följa ärendet och läsa svaret:\n%(link)s\n\n"
                "Länken är personlig. Den som har den kan se ärendets status och svaret, men inget annat.\n\n"
                "Med vänliga hälsningar\n%(unit)s, %(municipality)s\n"
            )
            % {
                "ref": case.reference,
                "due": case.due_date.isoformat(),
                "link": _status_url(case, token),
                "unit": case.unit.display_public_name,
                "municipality": case.municipality.name,
            },
        )


def _answer_mail(case: FeedbackCase, actor) -> str:
    signature = actor.get_full_name() or actor.get_username() if actor else ""
    title = getattr(actor, "title", "") or ""
    return _(
        "Hej%(name)s,\n\nHär är vårt svar på det du skrev till oss (%(ref)s).\n\n%(answer)s\n\n"
        "Med vänliga hälsningar\n%(signature)s%(title)s\n%(unit)s, %(municipality)s\n"
    ) % {
        "name": f" {case.contact_name}" if case.contact_name else "",
        "ref": case.reference,
        "answer": case.answer,
        "signature": signature,
        "title": f", {title}" if title else "",
        "unit": case.unit.display_public_name,
        "municipality": case.unit.municipality.name,
    }
