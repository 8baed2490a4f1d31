"""The complaint delegation's track on a case: staff register the complainant's request, the förvaltningschef records
the decision and the answer (Katrineholm §5.2). Who may do either is decided in lots.feedback.access."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from lots.core.editing import edit_form
from lots.feedback import access as feedback_access
from lots.feedback import delegation
from lots.feedback.forms import DelegationDecisionForm, DelegationRequestForm
from lots.feedback.views.common import case_for


@login_required
def request_delegation(request, pk: int):
    """Staff register that the complainant asks for the complaint delegation's handling."""
    case = case_for(request, pk)
    if not feedback_access.can_request_delegation(request.user, case):
        raise PermissionDenied
    problem = delegation.refusal(case)
    if problem:
        messages.error(request, problem)
        return redirect(case)
    form = DelegationRequestForm(request.POST or None)
    return edit_form(
        request,
        form,
        lambda data: delegation.delegation_request(
            actor=request.user, case=case, reason=data["reason"], integrity_confirmed=data["integrity_confirmed"]
        ),
        template="feedback/delegation_request.html",
        context={"case": case},
        success=lambda track: (
            _("Begäran är registrerad. Klagomålsdelegationen ska besluta senast %(due)s.") % {"due": track.due_date.isoformat()}
        ),
        redirect_to=case,
    )


@login_required
def decide(request, pk: int):
    """The förvaltningschef records the complaint delegation's decision and the answer to the complainant."""
    case = case_for(request, pk)
    track = case.delegation_or_none
    if not feedback_access.can_decide_delegation(request.user, case):
        raise PermissionDenied
    if track is None:
        messages.error(request, _("Ingen har begärt att klagomålsdelegationen prövar klagomålet."))
        return redirect(case)
    if track.is_decided:
        messages.info(request, _("Klagomålsdelegationens beslut är redan registrerat."))
        return redirect(case)
    form = DelegationDecisionForm(request.POST or None)
    form.add_version_field(track.version)
    return edit_form(
        request,
        form,
        lambda data: delegation.delegation_decide(
            actor=request.user,
            track=track,
            expected_version=data["version"],
            basis=data["basis"],
            reference=data["reference"],
            decision=data["decision"],
            answer=data["answer"],
            integrity_confirmed=data["integrity_confirmed"],
        ),
        template="feedback/delegation_decide.html",
        context={"case": case, "track": track},
        success=lambda track: (
            _("Beslutet är registrerat och svaret skickat till avsändaren.")
            if case.contact_email
            else _(
                "Beslutet är registrerat. Svaret visas på avsändarens statussida; lämna det också på det sätt avsändaren valde."
            )
        ),
        redirect_to=case,
        record=track,
    )
