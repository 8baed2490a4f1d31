"""Writes to staff proposals (*förbättringsförslag*, SOSFS 2011:9 ch. 6: staff take part in the quality work).

A member of staff proposes; the unit's manager triages the proposal once, either into an improvement action (created
through ``services.improvement_create`` with source kind "staff_suggestion", linked both ways) or with an answer:
already done, or not carried out, always with the reason. The proposer is told by mail after commit.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lots import access
from lots.audit import services as audit
from lots.audit.versioning import update_versioned
from lots.deviations import guard
from lots.improvements import services
from lots.improvements.models import ImprovementAction, Proposal
from lots.notifications.services import notify, render_mail
from lots.organisation.models import Unit


def _check_text(value: str, field: str, *, required: bool) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: _("Skriv vad som kan bli bättre.")})
    if len(value) > Proposal.TEXT_MAX:
        raise ValidationError({field: _("Högst %(n)s tecken.") % {"n": Proposal.TEXT_MAX}})
    return value


@transaction.atomic
def proposal_create(
    *, actor, unit: Unit, text: str, how: str = "", anonymous: bool = False, integrity_confirmed: bool = False
) -> Proposal:
    """Record a proposal for one of the proposer's units (where they hold ``improvement.propose``). Its texts pass
    the integrity guard unless confirmed. The audit entry names the proposer even when the proposal is anonymous."""
    if not unit.is_open or not access.can(actor, "improvement.propose", unit):
        raise ValidationError({"unit": _("Välj en av dina egna enheter.")})
    text = _check_text(text, "text", required=True)
    how = _check_text(how, "how", required=False)
    guard.check(unit.municipality, {"text": text, "how": how}, confirmed=integrity_confirmed)
    proposal = Proposal.objects.create(unit=unit, proposer=actor, text=text, how=how, anonymous=anonymous)
    audit.record_created(actor=actor, obj=proposal, fields=["unit", "text", "how", "anonymous", "status"])
    return proposal


def _check_waiting(proposal: Proposal) -> None:
    if not proposal.is_waiting:
        raise ValidationError(_("Förslaget är redan besvarat."))


def _tell_proposer(proposal: Proposal) -> None:
    proposer = proposal.proposer
    if not proposer.is_active or not proposer.email:
        return
    link = settings.SITE_URL + proposal.get_absolute_url()
    subject, body = render_mail("improvements/mail/proposal_outcome.txt", {"proposal": proposal, "link": link})
    notify(to=proposer.email, subject=subject, body=body)


@transaction.atomic
def proposal_to_action(
    *,
    actor,
    proposal: Proposal,
    title: str,
    owner,
    due_date: datetime.date | None = None,
    answer: str = "",
    expected_version: int | None,
    integrity_confirmed: bool = False,
) -> ImprovementAction:
    """Turn a waiting proposal into an improvement action on its unit, linked both ways (the action's source is the
    proposal, the proposal's ``action`` the action); raises ConcurrentEditError when someone triaged it meanwhile."""
    _check_waiting(proposal)
    if not (title or "").strip():
        raise ValidationError({"title": _("Beskriv åtgärden med några ord.")})
    services.check_owner(owner, proposal.unit)
    answer = (answer or "").strip()
    guard.check(proposal.unit.municipality, {"answer": answer}, confirmed=integrity_confirmed)
    description = proposal.text + (f"\n\n{_('Hur')}: {proposal.how}" if proposal.how else "")
    action = services.improvement_create(
        actor=actor,
        unit=proposal.unit,
        title=title.strip(),
        owner=owner,
        source_kind=ImprovementAction.Source.STAFF_SUGGESTION,
        source=proposal,
        description=description,
        due_date=due_date,
        integrity_confirmed=integrity_confirmed,
    )
    update_versioned(
        proposal,
        actor=actor,
        data={
            "status": Proposal.Status.ACTION,
            "action": action,
            "answer": answer,
            "triaged_by": actor,
            "triaged_at": timezone.now(),
        },
        expected_version=expected_version,
        action="transition",
    )
    _tell_proposer(proposal)
    return action


@transaction.atomic
def proposal_answer(
    *,
    actor,
    proposal: Proposal,
    decision: str,
    answer: str,
    expected_version: int | None,
    integrity_confirmed: bool = False,
) -> Proposal:
    """Answer a waiting proposal without an action: already done, or not carried out; the answer gives the reason."""
    _check_waiting(proposal)
    if decision not in Proposal.ANSWERS:
        raise ValidationError({"decision": _("Välj ett av svaren.")})
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("Skriv svaret med skälet till beslutet.")})
    if len(answer) > Proposal.TEXT_MAX:
        raise ValidationError({"answer": _("Högst %(n)s tecken.") % {"n": Proposal.TEXT_MAX}})
    guard.check(proposal.unit.municipality, {"answer": answer}, confirmed=integrity_confirmed)
    update_versioned(
        proposal,
        actor=actor,
        data={"status": decision, "answer": answer, "triaged_by": actor, "triaged_at": timezone.now()},
        expected_version=expected_version,
        action="transition",
    )
    _tell_proposer(proposal)
    return proposal
