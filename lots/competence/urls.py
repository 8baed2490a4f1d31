from django.urls import path

from lots.competence import views

app_name = "competence"
urlpatterns = [
    path("", views.index, name="index"),
    path("export.<str:fmt>", views.export, name="export"),
    path("mina/", views.mine, name="mine"),
    path("anstalld/<int:pk>/", views.person, name="person"),
    path("samtal/<int:pk>/", views.appraisal_edit, name="appraisal_edit"),
    path("plan/<int:pk>/", views.plan_goals, name="plan_goals"),
    path("plan/<int:pk>/aktivitet/", views.row_add, name="row_add"),
    path("aktivitet/<int:pk>/", views.row_edit, name="row_edit"),
    path("aktivitet/<int:pk>/genomford/", views.row_done, name="row_done"),
    path("enhetsplaner/", views.unit_plans, name="unit_plans"),
    path("enhetsplaner/<int:pk>/", views.unit_plan, name="unit_plan"),
    path("enhetsplaner/rad/<int:pk>/", views.unit_plan_item, name="unit_plan_item"),
    path("enhetsplaner/rad/<int:pk>/ta-bort/", views.unit_plan_item_remove, name="unit_plan_item_remove"),
    path("handledning/", views.supervision, name="supervision"),
    path("handledning/<int:pk>/", views.supervision_edit, name="supervision_edit"),
    path("praktikanter/", views.students, name="students"),
    path("praktikanter/<int:pk>/", views.student_edit, name="student_edit"),
]
