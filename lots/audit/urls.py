from django.urls import path

from lots.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.search, name="search"),
    path("export.<str:fmt>", views.search_export, name="search_export"),
]
