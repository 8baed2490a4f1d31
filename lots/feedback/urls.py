from django.urls import path

from lots.feedback.views import compilation, configuration, delegation, handling, lists, registration

app_name = "feedback"
urlpatterns = [
    path("", lists.index, name="index"),
    path("export.<str:fmt>", lists.export, name="export"),
    path("ny/", registration.register, name="register"),
    path("original/", registration.register_original, name="register_original"),
    path("registrerad/<int:pk>/", registration.registered, name="registered"),
    path("sammanstallning/", compilation.compilation, name="compilation"),
    path("sammanstallning.pdf", compilation.compilation_pdf, name="compilation_pdf"),
    path("installningar/", configuration.settings_index, name="settings_index"),
    path("installningar/<slug:slug>/", configuration.settings_edit, name="settings"),
    path("tillganglighet/", configuration.accessibility_reports, name="accessibility_reports"),
    path("tillganglighet/<int:pk>/hanterad/", configuration.accessibility_report_handle, name="accessibility_report_handle"),
    path("<int:pk>/", handling.detail, name="detail"),
    path("<int:pk>/ta-emot/", handling.receive, name="receive"),
    path("<int:pk>/utred/", handling.edit, name="edit"),
    path("<int:pk>/svara/", handling.answer, name="answer"),
    path("<int:pk>/brev.pdf", handling.letter, name="letter"),
    path("<int:pk>/avsluta/", handling.close, name="close"),
    path("<int:pk>/lex-sarah/", handling.lex_sarah, name="lex_sarah"),
    path("<int:pk>/forbattring/", handling.improvement, name="improvement"),
    path("<int:pk>/klagomalsdelegation/", delegation.request_delegation, name="request_delegation"),
    path("<int:pk>/klagomalsdelegation/beslut/", delegation.decide, name="decide_delegation"),
    path("<int:pk>/bilagor/<int:attachment_pk>/", handling.attachment, name="attachment"),
]
