"""What the feedback pages share: one case as the person may see it, and where they may change settings."""

from django.db.models import QuerySet

from lots import access
from lots.access import reads
from lots.feedback.models import FeedbackCase
from lots.organisation.models import Municipality, Unit


def case_for(request, pk, *, write: bool = False) -> FeedbackCase:
    """The case if the person may see it (404 otherwise; 403 with ``write`` if they may not handle it).

    Every page that shows a case reads it through ``access.get_object``, which logs the read (lots.access.reads).
    """
    case = access.get_object(
        FeedbackCase.objects.select_related(
            "unit", "unit__municipality", "municipality", "handler", "escalated_to", "registered_by", "answered_by", "closed_by"
        ),
        request.user,
        pk,
        view="feedback.view",
        change="feedback.handle",
        write=write,
    )
    return case


def registered_by(user) -> QuerySet:
    """The cases the person registered, for their receipt and their own list; reading them is logged."""
    return reads.mark(FeedbackCase.objects.filter(registered_by=user), user)


def configurable(user) -> list[tuple[Municipality, Unit]]:
    """Municipalities whose settings the person may change: they hold feedback.configure on its top unit."""
    tops = Unit.objects.filter(parent__isnull=True).select_related("municipality").order_by("municipality__name")
    return [(u.municipality, u) for u in tops if access.can(user, "feedback.configure", u)]
