from django.urls import path

from lots.agreements import views

app_name = "agreements"
urlpatterns = [
    path("", views.index, name="index"),
    path("export.<str:fmt>", views.export, name="export"),
    path("ny/", views.create, name="create"),
    path("samverkan-i-processer/", views.collaborations, name="collaborations"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/andra/", views.edit, name="edit"),
    path("<int:pk>/rattslig-bedomning/", views.assess, name="assess"),
    path("<int:pk>/borja-galla/", views.activate, name="activate"),
    path("<int:pk>/avsluta/", views.end, name="end"),
    path("<int:pk>/oversyn/", views.review, name="review"),
    path("<int:pk>/dokument/", views.document_upload, name="document"),
    path("<int:pk>/dokument/hamta/", views.document_download, name="document_download"),
    path("<int:pk>/parter/ny/", views.party_create, name="party_create"),
    path("parter/<int:pk>/andra/", views.party_edit, name="party_edit"),
    path("parter/<int:pk>/ta-bort/", views.party_delete, name="party_delete"),
    path("<int:pk>/las/", views.acknowledge, name="acknowledge"),
    path("<int:pk>/lasbekraftelser/", views.acknowledgement_report, name="acknowledgements"),
]
