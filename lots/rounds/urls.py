from django.urls import path

from lots.rounds import views

app_name = "rounds"

urlpatterns = [
    path("", views.index, name="index"),
    path("export.<str:fmt>", views.export, name="export"),
    path("ny/", views.round_create, name="create"),
    path("<int:pk>/", views.round_detail, name="detail"),
    path("<int:pk>/andra/", views.round_edit, name="edit"),
    path("<int:pk>/checklista/", views.round_checklist, name="checklist"),
    path("<int:pk>/iakttagelser/ny/", views.finding_create, name="finding_create"),
    path("iakttagelser/", views.finding_list, name="findings"),
    path("iakttagelser/export.<str:fmt>", views.finding_export, name="finding_export"),
    path("iakttagelser/<int:pk>/andra/", views.finding_edit, name="finding_edit"),
    path("iakttagelser/<int:pk>/forbattringsatgard/", views.finding_improvement, name="finding_improvement"),
    path("iakttagelser/<int:pk>/atgarder/ny/", views.action_create, name="action_create"),
    path("atgarder/", views.action_list, name="actions"),
    path("atgarder/export.<str:fmt>", views.action_export, name="action_export"),
    path("atgarder/<int:pk>/andra/", views.action_edit, name="action_edit"),
    path("handlingsplaner/", views.plans, name="plans"),
    path("handlingsplaner/<int:unit_id>/<int:year>/", views.plan_detail, name="plan"),
    path("handlingsplaner/<int:unit_id>/<int:year>/pdf/", views.plan_pdf, name="plan_pdf"),
    path("uppfoljning/", views.followups, name="followups"),
    path("uppfoljning/<int:unit_id>/<int:year>/", views.followup_edit, name="followup"),
    path("checklistor/", views.templates, name="templates"),
    path("checklistor/<int:municipality_id>/<str:kind>/", views.template_edit, name="template"),
]
