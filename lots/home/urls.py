from django.urls import path

from lots.home import views

app_name = "home"
urlpatterns = [
    path("", views.start, name="start"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
]
