"""What the feedback pages share: one case as the person may see it (lots.feedback.access)."""

from lots.feedback import access as feedback_access
from lots.feedback.models import FeedbackCase


def case_for(request, pk, *, write: bool = False) -> FeedbackCase:
    """The case if the person may see it (404 otherwise; 403 with ``write`` if they may not handle it).

    Every page that shows a case reads it through ``access.get_object``, which logs the read (lots.access.reads).
    """
    return feedback_access.get_case(request.user, pk, write=write)
