from django.urls import path

from lots.improvements import proposal_views, views

app_name = "improvements"
urlpatterns = [
    path("", views.index, name="index"),
    path("export.<str:fmt>", views.export, name="export"),
    path("ny/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/andra/", views.edit, name="edit"),
    path("<int:pk>/steg/", views.move, name="move"),
    path("<int:pk>/steg/<str:stage>/", views.advance, name="advance"),
    path("<int:pk>/avsluta/", views.close, name="close"),
    path("forslag/", proposal_views.inbox, name="proposals"),
    path("forslag/export.<str:fmt>", proposal_views.export, name="proposals_export"),
    path("forslag/ny/", proposal_views.propose, name="propose"),
    path("forslag/mina/", proposal_views.mine, name="proposals_mine"),
    path("forslag/<int:pk>/", proposal_views.detail, name="proposal_detail"),
    path("forslag/<int:pk>/atgard/", proposal_views.to_action, name="proposal_to_action"),
    path("forslag/<int:pk>/svara/", proposal_views.answer, name="proposal_answer"),
]
