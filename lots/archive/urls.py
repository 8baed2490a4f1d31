from django.urls import path

from lots.archive import views

app_name = "archive"

urlpatterns = [
    path("", views.index, name="index"),
    path("arkivpaket-<int:year>.zip", views.package, name="package"),
]
