from django.urls import path

from lots.improvements import views

app_name = "improvements"
urlpatterns = [
    path("", views.index, name="index"),
    path("export.<str:fmt>", views.export, name="export"),
    path("ny/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/andra/", views.edit, name="edit"),
    path("<int:pk>/steg/", views.move, name="move"),
    path("<int:pk>/avsluta/", views.close, name="close"),
]
