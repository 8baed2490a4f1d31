"""Who may see and triage staff proposals: the proposer sees their own; people with ``improvement.triage`` on the
proposal's unit (its managers and quality coordinators) see and triage the unit's proposals."""

from collections import defaultdict

from django.db.models import Q, QuerySet

from lots import access
from lots.access.policy import LINE_MANAGERS
from lots.improvements.models import Proposal


def visible(user) -> QuerySet:
    return Proposal.objects.filter(access.unit_q(user, "improvement.triage") | Q(proposer_id=user.pk))


def can_triage(user, proposal: Proposal) -> bool:
    return access.can(user, "improvement.triage", proposal.unit)


def get_proposal(user, pk, *, write: bool = False) -> Proposal:
    """The proposal, 404 when the person neither proposed it nor may triage on its unit; with ``write`` 403 unless
    they may triage it."""
    return access.get_object(
        Proposal.objects.select_related("unit", "proposer", "action", "triaged_by"),
        user,
        pk,
        view="improvement.triage",
        change="improvement.triage",
        write=write,
        extra_visible=Q(proposer_id=user.pk),
    )


def proposer_units(user) -> QuerySet:
    """The open units the person may propose for: where they hold a staff role (with its sub-units)."""
    return access.visible_units(user, "improvement.propose").open().select_related("municipality").order_by("path")


def default_unit(user):
    """The unit of the person's first staff role (in tree order), or None."""
    return next((a.unit for a in access.assignments_with(user, "improvement.propose") if a.unit.is_open), None)


def waiting_for(user):
    """Waiting proposals on the units under the person's line-manager roles (others' proposals only)."""
    places = Q(pk__in=[])
    for a in access.assignments_with(user, roles=LINE_MANAGERS):
        places |= Q(unit__path__startswith=a.unit.path) if a.include_subunits else Q(unit_id=a.unit_id)
    return Proposal.objects.waiting().filter(places).exclude(proposer=user)


def nearest_triagers(proposals) -> dict[int, list]:
    """{proposal id: [users]}: the line managers closest above each proposal's unit, the proposer excluded; the
    people whose "Mina uppgifter" and reminders carry the proposal. One query at most."""
    proposals = list(proposals)
    if not proposals:
        return {}
    on_paths = access.assignments_on_paths({p.unit_id: p.unit for p in proposals}.values(), roles=LINE_MANAGERS)
    result: dict[int, list] = defaultdict(list)
    for proposal in proposals:
        covering = [m for m in on_paths[proposal.unit_id] if m.user_id != proposal.proposer_id]
        if not covering:
            continue
        deepest = max(m.unit.depth for m in covering)
        for m in covering:
            if m.unit.depth == deepest and m.user not in result[proposal.pk]:
                result[proposal.pk].append(m.user)
    return dict(result)
