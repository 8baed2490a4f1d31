from django.urls import path

from lots.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.index, name="index"),
    path("nytt/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/andra/", views.edit, name="edit"),
    path("<int:pk>/malvarde/", views.target, name="target"),
    path("<int:pk>/varden/", views.record, name="record"),
]
