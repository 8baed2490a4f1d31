from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as lots_urlpatterns


def minimal(request):
    """The framework ceiling: the same middleware stack and server, no database work."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/minimal", minimal), *lots_urlpatterns]
