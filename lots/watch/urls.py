from django.urls import path

from lots.watch import views

app_name = "watch"

urlpatterns = [
    path("", views.index, name="index"),
    path("mina/", views.mine, name="mine"),
    path("export/<str:fmt>/", views.export, name="export"),
    path("placering/<int:pk>/", views.detail, name="detail"),
    path("inlasningar/", views.snapshots, name="snapshots"),
    path("inlasningar/<int:pk>/", views.snapshot, name="snapshot"),
    path("andel-i-tid/", views.compliance, name="compliance"),
    path("importera/", views.upload, name="import"),
    path("importera/kolumner/", views.map_columns, name="import_map"),
    path("installningar/", views.settings_page, name="settings"),
]
