"""Addresses of the SAML sign-in (lots.identity.saml_views); included by lots.identity.urls."""

from django.urls import path

from lots.identity import saml_views

urlpatterns = [
    path("<slug:slug>/login/", saml_views.login, name="saml_login"),
    path("<slug:slug>/acs/", saml_views.acs, name="saml_acs"),
    path("<slug:slug>/checked/", saml_views.checked, name="saml_checked"),
    path("<slug:slug>/metadata/", saml_views.metadata, name="saml_metadata"),
]
