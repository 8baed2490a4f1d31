"""Addresses of the OIDC sign-in (lots.identity.oidc); included by lots.identity.urls."""

from django.urls import path

from lots.identity import oidc

urlpatterns = [
    path("retur/", oidc.oidc_callback, name="oidc_callback"),
    path("<slug:slug>/", oidc.OidcLoginView.as_view(), name="oidc_login"),
]
