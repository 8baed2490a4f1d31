from django.urls import path

from lots.organisation import views

app_name = "organisation"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("kommuner/ny/", views.municipality_create, name="municipality_create"),
    path("enheter/<int:pk>/", views.unit_detail, name="unit"),
    path("enheter/<int:parent_pk>/ny/", views.unit_create, name="unit_create"),
    path("enheter/<int:pk>/andra/", views.unit_edit, name="unit_edit"),
    path("enheter/<int:pk>/flytta/", views.unit_move, name="unit_move"),
    path("enheter/<int:pk>/stang/", views.unit_close, name="unit_close"),
    path("enheter/<int:pk>/oppna/", views.unit_reopen, name="unit_reopen"),
    path("utforare/", views.providers, name="providers"),
    path("utforare/export.<str:fmt>", views.providers_export, name="providers_export"),
    path("utforare/ny/<slug:municipality_slug>/", views.provider_create, name="provider_create"),
    path("utforare/<int:pk>/", views.provider_detail, name="provider"),
    path("utforare/<int:pk>/andra/", views.provider_edit, name="provider_edit"),
]
