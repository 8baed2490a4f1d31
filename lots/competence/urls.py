from django.urls import path

from lots.competence import views

app_name = "competence"
urlpatterns = [
    path("anstalld/<int:pk>/", views.person, name="person"),
]
