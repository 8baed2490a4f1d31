from django.urls import path

from lots.workenv import views

app_name = "workenv"

urlpatterns = [
    path("", views.index, name="index"),
    path("delegeringar/", views.delegation_list, name="list"),
    path("delegeringar/export.<str:fmt>", views.delegation_export, name="export"),
    path("delegeringar/ny/", views.delegation_new, name="new"),
    path("delegeringar/<int:pk>/", views.detail, name="detail"),
    path("delegeringar/<int:pk>/andra/", views.delegation_edit, name="edit"),
    path("delegeringar/<int:pk>/signera/", views.sign, name="sign"),
    path("delegeringar/<int:pk>/avsluta/", views.end, name="end"),
    path("delegeringar/<int:pk>/returnera/", views.return_tasks, name="return"),
    path("delegeringar/<int:pk>/pdf/", views.pdf, name="pdf"),
    path("returneringar/<int:pk>/besvara/", views.answer, name="answer"),
    path("uppgifter/", views.catalogue, name="catalogue"),
    path("uppgifter/<int:municipality_id>/ny/", views.task_new, name="task_new"),
    path("uppgifter/<int:municipality_id>/standard/", views.task_defaults, name="task_defaults"),
    path("uppgifter/andra/<int:pk>/", views.task_edit, name="task_edit"),
]
