from django.db import connection
from django.db.utils import DatabaseError
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


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


def csrf_failure(request, reason=""):
    """A form sent without its security token (an old page, blocked cookies): say so in Swedish, keep calm."""
    return render(request, "core/csrf_failure.html", status=403)
