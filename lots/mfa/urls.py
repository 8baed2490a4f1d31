from django.urls import path
from django.views.i18n import JavaScriptCatalog

from lots.mfa import stepup, views, webauthn

app_name = "mfa"
urlpatterns = [
    path("", views.factors, name="factors"),
    path("ny/", views.enrol, name="enrol"),
    path("verifiera/", views.verify, name="verify"),
    path("vidare/", stepup.forward, name="forward"),
    path("reservkoder/", views.recovery_codes, name="recovery_codes"),
    path("reservkoder/nya/", views.recovery_codes_renew, name="recovery_codes_renew"),
    path("<str:kind>/<int:pk>/ta-bort/", views.factor_remove, name="factor_remove"),
    path("personer/<int:pk>/aterstall/", views.reset, name="reset"),
    path("nyckel/registrera/", webauthn.RegistrationBegin.as_view(), name="passkey_register_begin"),
    path("nyckel/registrera/klar/", webauthn.RegistrationComplete.as_view(), name="passkey_register_complete"),
    path("nyckel/verifiera/", webauthn.AuthenticationBegin.as_view(), name="passkey_auth_begin"),
    path("nyckel/verifiera/klar/", webauthn.AuthenticationComplete.as_view(), name="passkey_auth_complete"),
    path("nyckel/texter.js", JavaScriptCatalog.as_view(packages=["lots.mfa"]), name="jsi18n"),
]
