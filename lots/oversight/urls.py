from django.urls import path

from lots.oversight import views

app_name = "oversight"
urlpatterns = [
    path("behorigheter/", views.index, name="index"),
    path("behorigheter/<int:unit_id>/", views.review, name="review"),
    path("behorigheter/<int:unit_id>/export.<str:fmt>", views.review_export, name="review_export"),
    path("behorigheter/<int:unit_id>/inaktivera/", views.review_deactivate, name="review_deactivate"),
    path("behorigheter/<int:unit_id>/roller/<int:assignment_id>/avsluta/", views.review_role_end, name="review_role_end"),
    path("logg/uppfoljning/", views.logs, name="logs"),
    path("logg/uppfoljning/<int:municipality_id>/<int:year>/<int:month>/", views.log_month, name="log_month"),
]
