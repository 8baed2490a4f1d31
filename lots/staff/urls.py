from django.urls import path

from lots.staff import views

app_name = "staff"

urlpatterns = [
    path("", views.index, name="index"),
    path("min/", views.mine, name="mine"),
    path("export.<str:fmt>", views.export, name="export"),
    path("anstallning/<int:pk>/", views.employment_detail, name="employment"),
    path("anstallning/<int:pk>/introduktor/", views.introducer, name="introducer"),
    path("anstallning/<int:pk>/forbindelse/", views.sign, name="sign"),
    path("moment/<int:pk>/", views.item_tick, name="tick"),
    path("kontroll/<int:pk>/", views.check_record, name="check"),
    path("import/", views.import_upload, name="import"),
    path("import/kolumner/", views.import_map, name="import_map"),
    path("import/exempel.csv", views.import_example, name="import_example"),
    path("mallar/", views.templates, name="templates"),
    path("mallar/<int:unit_id>/", views.template_edit, name="template"),
    path("mallar/moment/<int:pk>/ta-bort/", views.template_item_remove, name="template_item_remove"),
    path("forbindelse/<slug:slug>/", views.undertaking_text, name="undertaking_text"),
]
