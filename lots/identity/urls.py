from django.urls import include, path

from lots.identity import views

app_name = "identity"
urlpatterns = [
    path("oidc/", include("lots.identity.oidc_urls")),
    path("saml/", include("lots.identity.saml_urls")),
    path("", views.index, name="index"),
    path("ny/", views.provider_create, name="provider_create"),
    path("kommun/<int:pk>/", views.municipality_settings, name="municipality"),
    path("<int:pk>/", views.provider_detail, name="provider"),
    path("<int:pk>/identiteter/", views.identity_add, name="identity_add"),
    path("<int:pk>/identiteter/<int:identity_pk>/ta-bort/", views.identity_remove, name="identity_remove"),
    path("<int:pk>/grupper/", views.mapping_add, name="mapping_add"),
    path("<int:pk>/grupper/<int:mapping_pk>/ta-bort/", views.mapping_remove, name="mapping_remove"),
]
