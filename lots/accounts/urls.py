from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from lots.accounts import grants, people, views
from lots.accounts.forms import ChoosePasswordForm

app_name = "accounts"
urlpatterns = [
    path("logga-in/", views.LoginView.as_view(), name="login"),
    path("logga-ut/", views.LogoutView.as_view(), name="logout"),
    path("losenord/", views.PasswordChangeView.as_view(), name="password_change"),
    path("", views.profile, name="profile"),
    path("api-nycklar/", views.token_create, name="token_create"),
    path("api-nycklar/<int:pk>/aterkalla/", views.token_revoke, name="token_revoke"),
    path(
        "valj-losenord/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/choose_password.html",
            form_class=ChoosePasswordForm,
            success_url=reverse_lazy("accounts:login"),
            post_reset_login=False,
        ),
        name="choose_password",
    ),
    path("personer/", people.people, name="people"),
    path("personer/export.<str:fmt>", people.people_export, name="people_export"),
    path("personer/ny/", people.person_create, name="person_create"),
    path("personer/<int:pk>/", people.person_detail, name="person"),
    path("personer/<int:pk>/roller/", people.role_add, name="role_add"),
    path("personer/<int:pk>/roller/<int:assignment_pk>/avsluta/", people.role_end, name="role_end"),
    path("granskning/", grants.grants, name="audit_grants"),
    path("granskning/<int:pk>/aterkalla/", grants.grant_revoke, name="audit_grant_revoke"),
]
