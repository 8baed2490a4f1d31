from django.urls import path

from bench import views
from config.urls import urlpatterns as lots_urlpatterns

urlpatterns = [
    path("bench/minimal", views.minimal),
    path("bench/minimal-inloggad", views.minimal_logged_in),
    path("bench/granskad-insert", views.audited_insert),
    *lots_urlpatterns,
]
