from django.urls import path

from lots.accounts import grants, people, views

app_name = "accounts"
urlpatterns = [
    path("logga-in/", views.LoginView.as_view(), name="login"),
    path("logga-ut/", views.LogoutView.as_view(), name="logout"),
    path("losenord/", views.PasswordChangeView.as_view(), name="password_change"),
    path("", views.profile, name="profile"),
    path("api-nycklar/", views.token_create, name="token_create"),
    path("api-nycklar/<int:pk>/aterkalla/", views.token_revoke, name="token_revoke"),
    path("valj-losenord/<uidb64>/<token>/", views.ChoosePasswordView.as_view(), name="choose_password"),
    path("sessioner/", views.session_list, name="sessions"),
    path("sessioner/<int:pk>/avsluta/", views.session_end, name="session_end"),
    path("sessioner/avsluta-ovriga/", views.sessions_end_others, name="sessions_end_others"),
    path("personer/", people.people, name="people"),
    path("personer/export.<str:fmt>", people.people_export, name="people_export"),
    path("personer/ny/", people.person_create, name="person_create"),
    path("personer/<int:pk>/", people.person_detail, name="person"),
    path("personer/<int:pk>/roller/", people.role_add, name="role_add"),
    path("personer/<int:pk>/roller/<int:assignment_pk>/avsluta/", people.role_end, name="role_end"),
    path("personer/<int:pk>/sessioner/avsluta/", people.person_sessions_end, name="person_sessions_end"),
    path("personer/<int:pk>/api-nycklar/<int:token_pk>/aterkalla/", people.person_token_revoke, name="person_token_revoke"),
    path("granskning/", grants.grants, name="audit_grants"),
    path("granskning/<int:pk>/aterkalla/", grants.grant_revoke, name="audit_grant_revoke"),
]
