"""The list of delegations, defined once for its page, its export and its API list (lots.core.lists)."""

from django.db.models import BooleanField, Count, ExpressionWrapper, Q

from lots import access
from lots.core.lists import ListDefinition
from lots.organisation.models import Unit
from lots.workenv import access as workenv_access
from lots.workenv.forms import DelegationFilterForm
from lots.workenv.models import Delegation, DelegationQuerySet, TaskReturn


def filter_units(user):
    """The units offered as a filter: those in the person's scope, or of their own delegations."""
    own = Delegation.objects.filter(workenv_access.own_q(user)).values("unit_id")
    scoped = access.unit_q(user, workenv_access.VIEW, field=None)
    return Unit.objects.filter(scoped | Q(pk__in=own)).order_by("path")


def narrow(delegations, data: dict, user):
    if data.get("unit"):
        delegations = delegations.filter(unit__path__startswith=data["unit"].path)
    if data.get("state"):
        delegations = delegations.filter(state=data["state"])
    else:
        delegations = delegations.current()
    show = data.get("show")
    if show == "flagged":
        delegations = delegations.needs_owner()
    elif show == "returned":
        delegations = delegations.returned()
    elif show == "awaiting_answer":
        delegations = delegations.awaiting_answer()
    elif show == "mine":
        delegations = delegations.filter(workenv_access.own_q(user))
    return delegations


def load(delegations, user):
    """Each row with its unit and people, ``task_count``, ``open_returns`` and ``flagged`` (needs a new owner)."""
    return delegations.select_related("unit", "delegator", "receiver").annotate(
        task_count=Count("delegated_tasks", distinct=True),
        open_returns=Count("returns", filter=Q(returns__answered_at__isnull=True), distinct=True),
        flagged=ExpressionWrapper(DelegationQuerySet.needs_owner_q(), output_field=BooleanField()),
    )


DELEGATIONS = ListDefinition(
    name="WorkDelegations",
    form=DelegationFilterForm,
    scope=workenv_access.delegations,
    narrow=narrow,
    form_kwargs=lambda user: {"units": filter_units(user)},
    ordering=("unit__path", "-created_at", "pk"),
    load=load,
    per_page=50,
)


def unanswered_returns(delegations):
    return TaskReturn.objects.unanswered().filter(delegation__in=delegations)
