from django.urls import path

from lots.ledger import views

app_name = "ledger"
urlpatterns = [
    path("", views.index, name="index"),
    path("export.<str:fmt>", views.export, name="export"),
    path("ny/", views.create, name="create"),
    path("prisbasbelopp/", views.base_amounts, name="base_amounts"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/andra/", views.edit, name="edit"),
    path("<int:pk>/avsluta/", views.close, name="close"),
    path("<int:pk>/post/", views.entry_add, name="entry_add"),
    path("<int:pk>/post/<int:entry_pk>/attestera/", views.entry_attest, name="entry_attest"),
    path("<int:pk>/post/<int:entry_pk>/ta-bort/", views.entry_remove, name="entry_remove"),
    path("<int:pk>/post/<int:entry_pk>/kvitto/", views.receipt, name="receipt"),
    path("<int:pk>/avstamning/", views.reconcile, name="reconcile"),
    path("<int:pk>/avstamning/<int:reconciliation_pk>/attestera/", views.reconciliation_attest, name="reconciliation_attest"),
    path("<int:pk>/uppgift/<int:task_pk>/", views.task_resolve, name="task_resolve"),
    path("<int:pk>/kontoutdrag.pdf", views.statement_pdf, name="statement"),
]
