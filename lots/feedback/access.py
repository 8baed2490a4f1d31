"""Who sees which feedback case: line managers and quality coordinators by unit, down the tree.

A case is need-to-know: it is read only where the person holds feedback.view (a granskare under an audit grant),
handled where they hold feedback.handle, and counted in compilations where they hold feedback.statistics.
Contact details go only to those who may handle the case.
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


def configurable(user) -> list[tuple[Municipality, Unit]]:
    """Municipalities whose settings the person may change: they hold feedback.configure on its top unit."""
    tops = Unit.objects.filter(parent__isnull=True).select_related("municipality").order_by("municipality__name")
    return [(u.municipality, u) for u in tops if access.can(user, "feedback.configure", u)]
