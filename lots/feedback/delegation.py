"""Writes to the complaint delegation's track (Katrineholm §5.2): the request, the decision and its escalation.

A complainant who is not satisfied with the answer asks, on their status page or through staff, that the board's
complaint delegation (*klagomålsdelegationen*) handles the complaint. The track has its own deadline (a setting per
municipality), and the förvaltningschef records the decision and the answer to the complainant. Each write is
atomic and audit-logged; mail goes out after commit; the free texts pass the integrity guard like the case's own.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lots.accounts.models import User
from lots.audit import services as audit
from lots.audit.versioning import update_versioned
from lots.deviations import guard
from lots.feedback import access as feedback_access
from lots.feedback.models import DelegationRequest, FeedbackCase, FeedbackSettings
from lots.feedback.services import PUBLIC_INTEGRITY_MESSAGE, escalate_up_the_line, manager_levels, quality_coordinators
from lots.notifications.services import mail_language, notify, send_once

D = DelegationRequest
MAX_TEXT = 5000


def refusal(case: FeedbackCase) -> str | None:
    """Why the case cannot go to the complaint delegation, or None when it can."""
    if case.kind != FeedbackCase.Kind.COMPLAINT or case.authority:
        return _("Bara klagomål kan prövas av klagomålsdelegationen.")
    if case.delegation_or_none is not None:
        return _("Klagomålet har redan lämnats till klagomålsdelegationen.")
    if case.answered_at is None:
        return _("Klagomålet måste ha besvarats innan klagomålsdelegationen kan pröva det.")
    return None


@transaction.atomic
def delegation_request(
    *,
    case: FeedbackCase,
    reason: str,
    actor: User | None = None,
    at: datetime.datetime | None = None,
    integrity_confirmed: bool = False,
    notify_people: bool = True,
) -> DelegationRequest:
    """The complainant asks that the complaint delegation handles the complaint: on the status page (``actor`` None)
    or through a member of staff who registers it (``actor``). Only an answered complaint, and only once.

    The deadline is the municipality's ``delegation_deadline_days`` from the request. The förvaltningschefs who
    decide are mailed (no personal details), and the complainant gets a receipt when they gave an e-mail address.
    """
    # Lock the case so that two requests at once cannot both pass the "only once" check.
    case = FeedbackCase.objects.select_for_update().select_related("unit", "municipality").get(pk=case.pk)
    problem = refusal(case)
    if problem:
        raise ValidationError(problem)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Skriv varför avsändaren inte är nöjd med svaret.")})
    if len(reason) > MAX_TEXT:
        raise ValidationError({"reason": _("Texten får vara högst %(n)s tecken.") % {"n": MAX_TEXT}})
    guard.check(
        case.municipality,
        {"reason": reason},
        confirmed=integrity_confirmed,
        message="" if actor is not None else PUBLIC_INTEGRITY_MESSAGE,
    )
    at = at or timezone.now()
    rules = FeedbackSettings.for_municipality(case.unit.municipality)
    try:
        with transaction.atomic():
            track = DelegationRequest.objects.create(
                case=case,
                requested_at=at,
                channel=D.Channel.STATUS_PAGE if actor is None else D.Channel.STAFF,
                requested_by=actor,
                reason=reason,
                due_date=timezone.localtime(at).date() + datetime.timedelta(days=rules.delegation_deadline_days),
            )
    except IntegrityError:
        raise ValidationError(_("Klagomålet har redan lämnats till klagomålsdelegationen.")) from None
    audit.record_created(
        actor=actor,
        obj=track,
        fields=["case", "channel", "due_date"],
        note=_("Begärd på avsändarens statussida") if actor is None else _("Begäran registrerad av personal"),
    )
    if notify_people:
        for person in feedback_access.delegation_deciders(case.unit):
            _mail_decider(track, person)
        if case.contact_email:
            with mail_language(language=case.contact_language):
                notify(
                    to=case.contact_email,
                    subject=_("Klagomålsdelegationen prövar ditt klagomål %(ref)s") % {"ref": case.reference},
                    body=_(
                        "Vi har tagit emot din begäran om att klagomålsdelegationen ska pröva ditt klagomål %(ref)s.\n\n"
                        "Du får ett svar senast %(due)s. Svaret visas också på ärendets statussida.\n\n"
                        "Med vänliga hälsningar\n%(municipality)s\n"
                    )
                    % {"ref": case.reference, "due": track.due_date.isoformat(), "municipality": case.municipality.name},
                )
    return track


@transaction.atomic
def delegation_decide(
    *,
    actor: User,
    track: DelegationRequest,
    expected_version: int | None,
    basis: str,
    reference: str,
    decision: str,
    answer: str,
    integrity_confirmed: bool = False,
    at: datetime.datetime | None = None,
    notify_people: bool = True,
) -> DelegationRequest:
    """Record the complaint delegation's decision (``basis``: the delegation's own, or the förvaltningschef's under the
    delegation order, with its minute or delegation point) and the answer to the complainant, once.

    Who may record it is decided by the caller through ``lots.feedback.access.can_decide_delegation``. The answer is
    mailed to the complainant when they gave an e-mail address and is shown on their status page.
    """
    if track.is_decided:
        raise ValidationError(_("Klagomålsdelegationens beslut är redan registrerat."))
    errors = {}
    if basis not in D.Basis.values:
        errors["basis"] = _("Välj vem som beslutade.")
    reference, decision, answer = reference.strip(), decision.strip(), answer.strip()
    if not reference:
        errors["reference"] = _("Skriv protokollsparagrafen eller delegationspunkten.")
    if not decision:
        errors["decision"] = _("Skriv beslutet.")
    if not answer:
        errors["answer"] = _("Skriv svaret till avsändaren.")
    for name, text in (("decision", decision), ("answer", answer)):
        if len(text) > MAX_TEXT:
            errors[name] = _("Texten får vara högst %(n)s tecken.") % {"n": MAX_TEXT}
    if errors:
        raise ValidationError(errors)
    case = track.case
    guard.check(case.municipality, {"decision": decision, "answer": answer}, confirmed=integrity_confirmed)
    update_versioned(
        track,
        actor=actor,
        action="transition",
        expected_version=expected_version,
        note=_("Klagomålsdelegationen har beslutat"),
        data={
            "decided_at": at or timezone.now(),
            "decided_by": actor,
            "decision_basis": basis,
            "decision_reference": reference[:120],
            "decision": decision,
            "answer": answer,
        },
    )
    if notify_people and case.contact_email:
        with mail_language(language=case.contact_language):
            notify(
                to=case.contact_email,
                subject=_("Klagomålsdelegationens svar på ditt klagomål %(ref)s") % {"ref": case.reference},
                body=_(
                    "Hej%(name)s,\n\nKlagomålsdelegationen har prövat ditt klagomål %(ref)s.\n\n%(answer)s\n\n"
                    "Med vänliga hälsningar\n%(municipality)s\n"
                )
                % {
                    "name": f" {case.contact_name}" if case.contact_name else "",
                    "ref": case.reference,
                    "answer": answer,
                    "municipality": case.municipality.name,
                },
            )
    return track


@transaction.atomic
def delegation_escalate(*, track: DelegationRequest, to: list[User], at=None) -> DelegationRequest:
    """The track's deadline has passed: it is marked escalated to ``to[0]``, the next level up; a track that stays
    overdue goes further up the line. The first escalation's time is kept. Mail is sent by the reminders."""
    if not track.is_decided:
        escalate_up_the_line(
            track, to=to, at=at, still_late=_("Eskalerat vidare: beslutet är fortfarande försenat")
        )
    return track


def escalation_targets(track: DelegationRequest, steps: int = 1) -> list[User]:
    """The level ``steps`` above those who decide: line managers that many levels up from the nearest decider.

    Past the top of the line, the quality coordinators receive the escalation.
    """
    unit = track.case.unit
    deciders = {p.pk for p in feedback_access.delegation_deciders(unit)}
    levels = manager_levels(unit)
    position = next((i for i, (_unit_id, people) in enumerate(levels) if deciders & {p.pk for p in people}), 0)
    if deciders and position + steps < len(levels):
        return levels[position + steps][1]
    return [p for p in quality_coordinators(unit) if p.pk not in deciders]


def _mail_decider(track: DelegationRequest, person: User) -> None:
    case = track.case
    body = _(
        "Ett klagomål har begärts prövat av klagomålsdelegationen.\n\n%(ref)s\nEnhet: %(unit)s\n"
        "Beslut och svar senast: %(due)s\n\nÖppna ärendet: %(link)s\n"
    ) % {
        "ref": case.reference,
        "unit": case.unit.name,
        "due": track.due_date.isoformat(),
        "link": settings.SITE_URL + case.get_absolute_url(),
    }
    send_once(
        key=f"feedback:{case.pk}:delegation:new:{person.pk}",
        to=person.email,
        subject=_("Klagomålsdelegationen: %(ref)s") % {"ref": case.reference},
        body=body,
    )
