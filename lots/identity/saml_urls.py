"""Addresses of the SAML sign-in (lots.identity.saml); included by lots.identity.urls."""

urlpatterns: list = []
