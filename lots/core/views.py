from django.db import connection
from django.db.utils import DatabaseError
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from lots.core.readiness import queue_state


@never_cache
@require_GET
def healthz(request):
    """200 when the database answers, 503 when it does not. Used by load balancers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "fel", "database": False}, status=503)
    return JsonResponse({"status": "ok", "database": True})


@never_cache
@require_GET
def readyz(request):
    """200 when the site can do its work: the database answers and the task queue (mail, reports) is moving."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        queue = queue_state()
    except DatabaseError:
        return JsonResponse({"status": "fel", "database": False, "queue": False}, status=503)
    body = {
        "status": "ok" if queue.moving else "fel",
        "database": True,
        "queue": queue.moving,
        "oldest_due_seconds": queue.oldest_due_seconds,
    }
    return JsonResponse(body, status=200 if queue.moving else 503)


def csrf_failure(request, reason=""):
    """A form sent without its security token (an old page, blocked cookies): say so in Swedish, keep calm."""
    return render(request, "core/csrf_failure.html", status=403)

