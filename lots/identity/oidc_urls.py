"""Addresses of the OIDC sign-in (lots.identity.oidc); included by lots.identity.urls."""

urlpatterns: list = []
