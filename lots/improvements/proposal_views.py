"""Staff proposals: proposing from a phone, "Mina förslag", the manager's inbox with its export, one proposal, and
triaging it into an improvement action or answering it."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lots import access
from lots.audit import services as audit
from lots.core.editing import edit_form
from lots.core.pagination import list_query
from lots.improvements import proposal_access, proposals
from lots.improvements.access import can_view as can_view_action
from lots.improvements.models import Proposal
from lots.improvements.proposal_forms import AnswerForm, ProposalForm, ToActionForm
from lots.improvements.proposal_lists import PROPOSALS
from lots.lib.spreadsheets import FORMATS, table_response


@login_required
def propose(request):
    """One short page: what could be better, optionally how, the unit (the person's own; the first preselected) and
    whether the name is hidden from others."""
    units = proposal_access.proposer_units(request.user)
    if not units.exists():
        raise Http404
    default = proposal_access.default_unit(request.user)
    form = ProposalForm(request.POST or None, units=units, initial={"unit": default})
    return edit_form(
        request,
        form,
        lambda data: proposals.proposal_create(
            actor=request.user,
            unit=data["unit"],
            text=data["text"],
            how=data["how"],
            anonymous=data["anonymous"],
            integrity_confirmed=data.get("integrity_confirmed", False),
        ),
        template="improvements/proposal_form.html",
        success=_("Tack! Ditt förslag är skickat till chefen för enheten."),
        redirect_to=reverse("improvements:proposals_mine"),
    )


@login_required
def mine(request):
    """The person's own proposals, newest first, with their outcome."""
    rows = Proposal.objects.filter(proposer=request.user).select_related("unit", "action").order_by("-created_at", "-pk")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "improvements/proposals_mine.html",
        {"page_obj": page, "can_propose": access.has_perm_anywhere(request.user, "improvement.propose")},
    )


def _inbox(request):
    if not access.has_perm_anywhere(request.user, "improvement.triage"):
        raise Http404
    return PROPOSALS.bind(request.user, request.GET)


@login_required
def inbox(request):
    """The proposals of the units the person triages, oldest waiting first."""
    filtered = _inbox(request)
    return render(
        request,
        "improvements/proposals_inbox.html",
        {
            "form": filtered.form,
            "page_obj": filtered.page(request.GET.get("page")),
            "query": list_query(request),
            "user": request.user,
        },
        status=filtered.status,
    )


def _local_date(moment):
    return moment and timezone.localtime(moment).date()


@login_required
def export(request, fmt: str):
    """The inbox as filtered, as an Excel or CSV file; anonymous proposers stay anonymous; the export is audited."""
    if fmt not in FORMATS:
        raise Http404
    filtered = _inbox(request)
    if not filtered.is_valid:
        return redirect(reverse("improvements:proposals") + "?" + request.GET.urlencode())
    rows = [
        [
            _local_date(p.created_at),
            p.unit.name,
            p.proposer_shown_to(request.user),
            p.text,
            p.how,
            p.get_status_display(),
            p.answer,
            p.action.title if p.action_id else "",
            _local_date(p.triaged_at),
        ]
        for p in filtered.rows()
    ]
    headers = [
        _("Inkommet"),
        _("Enhet"),
        _("Förslagsställare"),
        _("Vad kan bli bättre"),
        _("Hur"),
        _("Status"),
        _("Svar"),
        _("Åtgärd"),
        _("Besvarat"),
    ]
    audit.record_export(actor=request.user, what=_("förbättringsförslag"), count=len(rows), query=request.GET.urlencode())
    today = timezone.localdate()
    return table_response(fmt, f"forbattringsforslag-{today:%Y-%m-%d}", headers, rows, title=_("Förbättringsförslag"))


@login_required
def detail(request, pk: int):
    proposal = proposal_access.get_proposal(request.user, pk)
    can_triage = proposal_access.can_triage(request.user, proposal)
    return render(
        request,
        "improvements/proposal_detail.html",
        {
            "proposal": proposal,
            "proposer": proposal.proposer_shown_to(request.user),
            "can_triage": can_triage and proposal.is_waiting,
            "action_link": proposal.action_id is not None and can_view_action(request.user, proposal.action),
        },
    )


def _waiting_for_triage(request, pk: int) -> Proposal:
    """The proposal for a person who may triage it (``improvement.triage`` holds the roles of
    ``improvement.change``, so they may create the action too)."""
    return proposal_access.get_proposal(request.user, pk, write=True)


@login_required
def to_action(request, pk: int):
    proposal = _waiting_for_triage(request, pk)
    if not proposal.is_waiting:
        return redirect(proposal)
    title = proposal.text if len(proposal.text) <= 200 else proposal.text[:199] + "…"
    form = ToActionForm(request.POST or None, unit=proposal.unit, initial={"title": title, "owner": request.user})
    form.add_version_field(proposal.version)
    return edit_form(
        request,
        form,
        lambda data: proposals.proposal_to_action(
            actor=request.user,
            proposal=proposal,
            title=data["title"],
            owner=data["owner"],
            due_date=data["due_date"],
            answer=data["answer"],
            expected_version=data["version"],
            integrity_confirmed=data.get("integrity_confirmed", False),
        ),
        template="improvements/proposal_triage.html",
        context=lambda: {"proposal": proposal, "proposer": proposal.proposer_shown_to(request.user), "mode": "action"},
        success=_("Förslaget är nu en förbättringsåtgärd i steget Planera. Förslagsställaren får besked."),
        redirect_to=lambda action: action,
        record=proposal,
    )


@login_required
def answer(request, pk: int):
    proposal = _waiting_for_triage(request, pk)
    if not proposal.is_waiting:
        return redirect(proposal)
    form = AnswerForm(request.POST or None)
    form.add_version_field(proposal.version)
    return edit_form(
        request,
        form,
        lambda data: proposals.proposal_answer(
            actor=request.user,
            proposal=proposal,
            decision=data["decision"],
            answer=data["answer"],
            expected_version=data["version"],
            integrity_confirmed=data.get("integrity_confirmed", False),
        ),
        template="improvements/proposal_triage.html",
        context=lambda: {"proposal": proposal, "proposer": proposal.proposer_shown_to(request.user), "mode": "answer"},
        success=_("Svaret är sparat. Förslagsställaren får besked."),
        redirect_to=reverse("improvements:proposal_detail", args=[proposal.pk]),
        record=proposal,
    )
