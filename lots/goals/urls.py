from django.urls import path

from lots.goals import views

app_name = "goals"
urlpatterns = [
    path("", views.index, name="index"),
    path("malomraden/<int:year>/", views.areas, name="areas"),
    path("malomraden/<int:year>/ny/", views.area_create, name="area_create"),
    path("malomraden/andra/<int:pk>/", views.area_edit, name="area_edit"),
    path("enhet/<int:unit_pk>/<int:year>/", views.plan, name="plan"),
    path("enhet/<int:unit_pk>/<int:year>/verksamhetsplan.<str:fmt>", views.plan_document, name="plan_document"),
    path("enhet/<int:unit_pk>/<int:year>/version/<int:number>/", views.plan_version, name="plan_version"),
    path("enhet/<int:unit_pk>/<int:year>/faststall/", views.establish, name="establish"),
    path("enhet/<int:unit_pk>/<int:year>/kopiera/", views.copy, name="copy"),
    path("enhet/<int:unit_pk>/<int:year>/mal/ny/", views.goal_create, name="goal_create"),
    path("enhet/<int:unit_pk>/<int:year>/aktiviteter/ny/", views.activity_create, name="activity_create"),
    path("enhet/<int:unit_pk>/<int:year>/uppfoljning/<str:period>/", views.follow_up_open, name="follow_up_open"),
    path("mal/<int:pk>/", views.goal_detail, name="goal"),
    path("mal/<int:pk>/andra/", views.goal_edit, name="goal_edit"),
    path("aktiviteter/<int:pk>/", views.activity_detail, name="activity"),
    path("aktiviteter/<int:pk>/andra/", views.activity_edit, name="activity_edit"),
    path("uppfoljning/<int:pk>/", views.follow_up_detail, name="follow_up"),
    path("uppfoljning/<int:pk>/bedomning/<int:goal_pk>/", views.assess, name="assess"),
    path("uppfoljning/<int:pk>/aktivitet/<int:activity_pk>/", views.report, name="report"),
    path("uppfoljning/<int:pk>/faststall/", views.follow_up_establish, name="follow_up_establish"),
    path("uppfoljning/<int:pk>/verksamhetsberattelse.<str:fmt>", views.report_document, name="report_document"),
]
