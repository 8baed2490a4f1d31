"""Views that exist only in the benchmark: the framework ceiling and the logged-in floor."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


def minimal(request):
    """The framework ceiling: the same middleware stack and server, no database work."""
    return HttpResponse("ok", content_type="text/plain")


@login_required
def minimal_logged_in(request):
    """The floor of every logged-in page: session and user read, session saved again (SESSION_SAVE_EVERY_REQUEST)."""
    return HttpResponse("ok", content_type="text/plain")
