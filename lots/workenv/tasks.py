"""'Mina uppgifter' from the work-environment delegation: delegations waiting for one's signature, returns waiting for
the delegating manager's answer (until answered), and delegations that need a new owner, for their delegating
manager and for the quality coordinator of the unit."""

import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lots import access
from lots.accounts.models import Role
from lots.home.my_tasks import Task
from lots.workenv.models import Delegation, TaskReturn

MODULE = gettext_lazy("Arbetsmiljödelegering")
SIGN_WITHIN = datetime.timedelta(days=14)
ANSWER_WITHIN = datetime.timedelta(days=14)


def _day(moment) -> datetime.date:
    return timezone.localdate(moment)


def _to_sign(user) -> list[Task]:
    waiting = Delegation.objects.pending().filter(
        Q(delegator=user, delegator_signed_at__isnull=True) | Q(receiver=user, receiver_signed_at__isnull=True)
    )
    return [
        Task(
            _("Skriv under arbetsmiljödelegering %(ref)s") % {"ref": d.reference},
            _day(d.created_at) + SIGN_WITHIN,
            d.get_absolute_url(),
            str(MODULE),
            d.unit.name,
        )
        for d in waiting.select_related("unit").order_by("created_at", "pk")
    ]


def _to_answer(user) -> list[Task]:
    waiting = TaskReturn.objects.unanswered().filter(delegation__delegator=user).select_related("delegation__unit")
    return [
        Task(
            _("Besvara returnering av arbetsmiljöuppgifter, %(ref)s") % {"ref": r.delegation.reference},
            _day(r.returned_at) + ANSWER_WITHIN,
            r.delegation.get_absolute_url(),
            str(MODULE),
            r.delegation.unit.name,
        )
        for r in waiting.order_by("returned_at", "pk")
    ]


def _needing_owner(user, today: datetime.date) -> list[Task]:
    coordinated = access.assignments_with(user, roles=[Role.KVALITETSSAMORDNARE])
    mine = Q(delegator=user)
    for assignment in coordinated:
        if assignment.include_subunits:
            mine |= Q(unit__path__startswith=assignment.unit.path)
        else:
            mine |= Q(unit_id=assignment.unit_id)
    flagged = Delegation.objects.needs_owner().filter(mine).select_related("unit").order_by("unit__path", "pk")
    return [
        Task(
            _("Arbetsmiljödelegering %(ref)s behöver en ny chef") % {"ref": d.reference},
            today,
            d.get_absolute_url(),
            str(MODULE),
            d.unit.name,
        )
        for d in flagged
    ]


def tasks_for(user, today: datetime.date) -> list[Task]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    return _to_sign(user) + _to_answer(user) + _needing_owner(user, today)
