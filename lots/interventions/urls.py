from django.urls import path

from lots.interventions import views

app_name = "interventions"

urlpatterns = [
    path("", views.index, name="index"),
    path("export.<str:fmt>", views.export, name="export"),
    path("att-erbjuda/", views.offers, name="offers"),
    path("ny/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/andra/", views.edit, name="edit"),
    path("<int:pk>/erbjud/", views.offer, name="offer"),
    path("<int:pk>/avsluta/", views.end, name="end"),
    path("<int:pk>/deltagare/ny/", views.participant_create, name="participant_create"),
    path("deltagare/", views.participants, name="participants"),
    path("deltagare/export.<str:fmt>", views.participant_export, name="participant_export"),
    path("deltagare/<int:pk>/", views.participant_detail, name="participant"),
    path("deltagare/<int:pk>/andra/", views.participant_edit, name="participant_edit"),
    path("deltagare/<int:pk>/avsluta/", views.participant_end, name="participant_end"),
    path("deltagare/<int:pk>/aterkalla/", views.participant_withdraw, name="participant_withdraw"),
    path("deltagare/<int:pk>/anmalan/", views.report_create, name="report_create"),
    path("anmalningar/", views.reports, name="reports"),
    path("anmalningar/<int:pk>/", views.report_detail, name="report"),
    path("antal/", views.counts, name="counts"),
]
