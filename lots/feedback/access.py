"""Who sees which feedback case: line managers and quality coordinators by unit, down the tree.

A case is need-to-know: it is read only where the person holds feedback.view (a granskare under an audit grant),
handled where they hold feedback.handle, and counted in compilations where they hold feedback.statistics.
Contact details go only to those who may handle the case.

The registrator registers complaints as they arrived (feedback.register_original) on the units in their scope and
reads only the cases they registered, through ``registered_by``: the registration and its original, not the
investigation, the answer or the complaint delegation's track. The complaint delegation's decision is recorded
where the person holds feedback.decide_delegation on the case's unit; the request for it is registered by those who
handle the case, or made by the sender on their status page.
"""

from django.db.models import QuerySet

from lots import access
from lots.access import reads
from lots.feedback.models import FeedbackCase
from lots.organisation.models import Municipality, Unit

CASE_RELATED = (
    "unit",
    "unit__municipality",
    "municipality",
    "handler",
    "escalated_to",
    "registered_by",
    "answered_by",
    "closed_by",
    "delegation",
)


def visible(user) -> QuerySet:
    """Every case the person may open. Reading them is logged (lots.access.reads)."""
    return reads.mark(FeedbackCase.objects.filter(access.unit_q(user, "feedback.view")), user)


def handled_by(user) -> QuerySet:
    """The cases the person may handle (receive, answer, close). Reading them is logged."""
    return reads.mark(FeedbackCase.objects.filter(access.unit_q(user, "feedback.handle")), user)


def registered_by(user) -> QuerySet:
    """The cases the person registered, for their receipt and their own list. Reading them is logged."""
    return reads.mark(FeedbackCase.objects.filter(registered_by=user), user)


def counted_for(user) -> QuerySet:
    """The cases in the person's compilations: counted, never opened one by one."""
    return FeedbackCase.objects.filter(access.unit_q(user, "feedback.statistics"))


def get_case(user, pk, *, write: bool = False, queryset: QuerySet | None = None) -> FeedbackCase:
    """404 for a case the person may not see (or that does not exist); with ``write``, 403 unless they may handle it."""
    qs = queryset if queryset is not None else FeedbackCase.objects.select_related(*CASE_RELATED)
    return access.get_object(qs, user, pk, view="feedback.view", change="feedback.handle", write=write)


def sees_case(user, case: FeedbackCase) -> bool:
    return access.can(user, "feedback.view", case.unit)


def can_handle(user, case: FeedbackCase) -> bool:
    return access.can(user, "feedback.handle", case.unit)


def sees_contact(user, case: FeedbackCase) -> bool:
    """Contact details: only for those who handle the case, and never for an anonymous one."""
    return not case.is_anonymous and can_handle(user, case)


def can_request_delegation(user, case: FeedbackCase) -> bool:
    return can_handle(user, case)


def can_decide_delegation(user, case: FeedbackCase) -> bool:
    return access.can(user, "feedback.decide_delegation", case.unit)


def delegation_deciders(unit: Unit):
    """Who records the complaint delegation's decision on a case at ``unit``, by username."""
    return access.people_holding(unit, perm="feedback.decide_delegation").order_by("username")


def deciding(user) -> QuerySet:
    """The cases whose complaint delegation track the person decides on. Reading them is logged."""
    return reads.mark(FeedbackCase.objects.filter(access.unit_q(user, "feedback.decide_delegation")), user)


def original_units(user) -> QuerySet:
    """The open units where the person registers complaints in their original form: their own scope, down the tree."""
    return Unit.objects.open().filter(access.unit_q(user, "feedback.register_original", field=None))


def configurable(user) -> list[tuple[Municipality, Unit]]:
    """Municipalities whose settings the person may change: they hold feedback.configure on its top unit."""
    tops = Unit.objects.filter(parent__isnull=True).select_related("municipality").order_by("municipality__name")
    return [(u.municipality, u) for u in tops if access.can(user, "feedback.configure", u)]
