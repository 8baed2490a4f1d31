"""What the feedback pages share: one case as the person may see it, and where they may change settings."""

from lots import access
from lots.audit import services as audit
from lots.feedback.models import FeedbackCase
from lots.organisation.models import Municipality, Unit


def case_for(request, pk, *, write: bool = False) -> FeedbackCase:
    """The case if the person may see it (404 otherwise; 403 with ``write`` if they may not handle it).

    Every page that shows a case is a read of a sensitive record, so each GET is access-logged here.
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
    if request.method == "GET":
        audit.record_view(actor=request.user, obj=case)
    return case


def configurable(user) -> list[tuple[Municipality, Unit]]:
    """Municipalities whose settings the person may change: they hold feedback.configure on its top unit."""
    tops = Unit.objects.filter(parent__isnull=True).select_related("municipality").order_by("municipality__name")
    return [(u.municipality, u) for u in tops if access.can(user, "feedback.configure", u)]
