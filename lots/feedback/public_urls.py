from django.urls import path

from lots.feedback import public_views as views

app_name = "feedback_public"
urlpatterns = [
    path("", views.choose, name="choose"),
    path("<slug:slug>/", views.submit, name="form"),
    path("<slug:slug>/skickat/", views.sent, name="sent"),
    path("<slug:slug>/status/<str:token>/", views.status, name="status"),
    path("<slug:slug>/status/<str:token>/klagomalsdelegation/", views.request_delegation, name="request_delegation"),
    path("<slug:slug>/personuppgifter/", views.privacy, name="privacy"),
    path("<slug:slug>/tillganglighet/", views.accessibility, name="accessibility"),
]
