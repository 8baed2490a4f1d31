from django.urls import path

from lots.accounts import views

app_name = "accounts"
urlpatterns = [
    path("logga-in/", views.LoginView.as_view(), name="login"),
    path("logga-ut/", views.LogoutView.as_view(), name="logout"),
    path("losenord/", views.PasswordChangeView.as_view(), name="password_change"),
    path("", views.profile, name="profile"),
    path("api-nycklar/", views.token_create, name="token_create"),
    path("api-nycklar/<int:pk>/aterkalla/", views.token_revoke, name="token_revoke"),
]
