from django.urls import path

from lots.privacy import subject_requests, views

app_name = "privacy"
urlpatterns = [
    path("", views.plan, name="plan"),
    path("<slug:slug>/registerutdrag/", views.extract, name="extract"),
    path("<slug:slug>/begaran/", subject_requests.subject_requests, name="requests"),
    path("<slug:slug>/begaran/<int:pk>/", subject_requests.subject_request, name="request"),
    path("<slug:slug>/", views.periods, name="periods"),
    path("<slug:slug>/bevara/", views.hold_place, name="hold_place"),
    path("<slug:slug>/bevara/<int:pk>/hav/", views.hold_release, name="hold_release"),
]
