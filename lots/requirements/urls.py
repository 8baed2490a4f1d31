from django.urls import path

from lots.requirements.views import actions, catalogues, contracts, follow_ups, overview

app_name = "requirements"
urlpatterns = [
    path("", overview.index, name="index"),
    path("kataloger/", catalogues.catalogue_list, name="catalogues"),
    path("kataloger/export.<str:fmt>", catalogues.catalogue_export, name="catalogue_export"),
    path("kataloger/<int:pk>/", catalogues.catalogue_detail, name="catalogue"),
    path("versioner/<int:pk>/", catalogues.version_detail, name="version"),
    path("versioner/<int:pk>/andringar/", catalogues.version_changes, name="version_changes"),
    path("versioner/<int:pk>/katalog.yaml", catalogues.version_yaml, name="version_yaml"),
    path("importera/", catalogues.import_upload, name="import"),
    path("importera/<int:pk>/", catalogues.import_preview, name="import_preview"),
    path("importera/<int:pk>/avbryt/", catalogues.import_discard, name="import_discard"),
    path("avtal/", contracts.contract_list, name="contracts"),
    path("avtal/export.<str:fmt>", contracts.contract_export, name="contract_export"),
    path("avtal/nytt/", contracts.contract_create, name="contract_create"),
    path("avtal/<int:pk>/", contracts.contract_detail, name="contract"),
    path("avtal/<int:pk>/andra/", contracts.contract_edit, name="contract_edit"),
    path("uppfoljningar/", follow_ups.follow_up_list, name="follow_ups"),
    path("uppfoljningar/export.<str:fmt>", follow_ups.follow_up_export, name="follow_up_export"),
    path("uppfoljningar/ny/", follow_ups.follow_up_create, name="follow_up_create"),
    path("uppfoljningar/<int:pk>/", follow_ups.follow_up_detail, name="follow_up"),
    path("uppfoljningar/<int:pk>/andra/", follow_ups.follow_up_edit, name="follow_up_edit"),
    path("uppfoljningar/<int:pk>/bedom/<int:section_pk>/", follow_ups.follow_up_assess, name="follow_up_assess"),
    path("uppfoljningar/<int:pk>/sjalvskattning/<int:section_pk>/", follow_ups.follow_up_self_assess, name="follow_up_self"),
    path("uppfoljningar/<int:pk>/oppna-sjalvskattning/", follow_ups.follow_up_open_self_assessment, name="follow_up_open_self"),
    path("uppfoljningar/<int:pk>/paborja-bedomning/", follow_ups.follow_up_open_assessment, name="follow_up_open_assessment"),
    path(
        "uppfoljningar/<int:pk>/skicka-sjalvskattning/", follow_ups.follow_up_submit_self_assessment, name="follow_up_submit_self"
    ),
    path("uppfoljningar/<int:pk>/slutfor/", follow_ups.follow_up_complete, name="follow_up_complete"),
    path("uppfoljningar/<int:pk>/aterupfoljning/", follow_ups.follow_up_re_follow_up, name="follow_up_re_follow_up"),
    path("uppfoljningar/<int:pk>/rapport.pdf", follow_ups.follow_up_report_pdf, name="follow_up_report_pdf"),
    path("uppfoljningar/<int:pk>/rapport.docx", follow_ups.follow_up_report_docx, name="follow_up_report_docx"),
    path("bilagor/<int:pk>/", follow_ups.attachment_download, name="attachment"),
    path("atgarder/", actions.action_list, name="actions"),
    path("atgarder/export.<str:fmt>", actions.action_export, name="action_export"),
    path("atgarder/<int:pk>/", actions.action_detail, name="action"),
]
