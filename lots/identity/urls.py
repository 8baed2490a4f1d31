from django.urls import include, path

app_name = "identity"
urlpatterns = [
    path("oidc/", include("lots.identity.oidc_urls")),
    path("saml/", include("lots.identity.saml_urls")),
]
