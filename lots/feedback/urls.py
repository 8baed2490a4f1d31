from django.urls import path

from lots.feedback import views

app_name = "feedback"
urlpatterns = [
    path("", views.index, name="index"),
    path("export.<str:fmt>", views.export, name="export"),
    path("ny/", views.register, name="register"),
    path("registrerad/<int:pk>/", views.registered, name="registered"),
    path("sammanstallning/", views.compilation, name="compilation"),
    path("sammanstallning.pdf", views.compilation_pdf, name="compilation_pdf"),
    path("installningar/", views.settings_index, name="settings_index"),
    path("installningar/<slug:slug>/", views.settings_edit, name="settings"),
    path("tillganglighet/", views.accessibility_reports, name="accessibility_reports"),
    path("tillganglighet/<int:pk>/hanterad/", views.accessibility_report_handle, name="accessibility_report_handle"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/ta-emot/", views.receive, name="receive"),
    path("<int:pk>/utred/", views.edit, name="edit"),
    path("<int:pk>/svara/", views.answer, name="answer"),
    path("<int:pk>/brev.pdf", views.letter, name="letter"),
    path("<int:pk>/avsluta/", views.close, name="close"),
    path("<int:pk>/lex-sarah/", views.lex_sarah, name="lex_sarah"),
    path("<int:pk>/forbattring/", views.improvement, name="improvement"),
    path("<int:pk>/bilagor/<int:attachment_pk>/", views.attachment, name="attachment"),
]
