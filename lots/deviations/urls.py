from django.urls import path

from lots.deviations.views import compilation, configuration, handling, imports, lexsarah, lists, reporting

app_name = "deviations"
urlpatterns = [
    path("", reporting.index, name="index"),
    path("rapportera/", reporting.report, name="report"),
    path("rapportera/utkast/", reporting.report_draft, name="report_draft"),
    path("rapportera/utkast/borja-om/", reporting.report_draft_discard, name="report_draft_discard"),
    path("mina/", reporting.mine, name="mine"),
    path("export.<str:fmt>", lists.export, name="export"),
    path("sammanstallning/", compilation.compilation, name="compilation"),
    path("sammanstallning.pdf", compilation.compilation_pdf, name="compilation_pdf"),
    path("import/", imports.upload, name="import"),
    path("import/kolumner/", imports.map_columns, name="import_map"),
    path("installningar/", configuration.settings_page, name="settings"),
    path("installningar/<slug:slug>/", configuration.settings_page, name="settings_for"),
    path("installningar/<slug:slug>/kategorier/ny/", configuration.category_create, name="category_create"),
    path("kategorier/<int:pk>/", configuration.category_edit, name="category_edit"),
    path("enheter/<int:unit_pk>/ansvar/", configuration.unit_settings, name="unit_settings"),
    path("<int:pk>/", handling.detail, name="detail"),
    path("<int:pk>/kvitto/", reporting.receipt, name="receipt"),
    path("<int:pk>/status/", handling.transition, name="transition"),
    path("<int:pk>/analys/", handling.analysis, name="analysis"),
    path("<int:pk>/atgard/", handling.action_create, name="action_create"),
    path("<int:pk>/bilagor/ny/", handling.attachment_add, name="attachment_add"),
    path("bilagor/<int:pk>/", handling.attachment_download, name="attachment"),
    path("<int:pk>/lex-sarah/starta/", handling.lex_sarah_start, name="lex_sarah_start"),
    path("<int:pk>/lex-sarah/", lexsarah.investigation, name="investigation"),
    path("<int:pk>/lex-sarah/avsluta-i-fortid/", lexsarah.investigation_close_early, name="close_early"),
    path("<int:pk>/ivo/", lexsarah.ivo, name="ivo"),
    path("<int:pk>/ivo/anmalan.pdf", lexsarah.ivo_document, name="ivo_pdf"),
    path("<int:pk>/ivo/skickad.pdf", lexsarah.ivo_sent_copy, name="ivo_sent_copy"),
]
