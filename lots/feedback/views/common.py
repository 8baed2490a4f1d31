"""What the feedback pages share: one case as the person may see it (lots.feedback.access), and their own registrations."""

from django.db.models import QuerySet

from lots.access import reads
from lots.feedback import access as feedback_access
from lots.feedback.models import FeedbackCase


def case_for(request, pk, *, write: bool = False) -> FeedbackCase:
    """The case if the person may see it (404 otherwise; 403 with ``write`` if they may not handle it).

    Every page that shows a case reads it through ``access.get_object``, which logs the read (lots.access.reads).
    """
    return feedback_access.get_case(request.user, pk, write=write)


def registered_by(user) -> QuerySet:
    """The cases the person registered, for their receipt and their own list; reading them is logged."""
    return reads.mark(FeedbackCase.objects.filter(registered_by=user), user)
