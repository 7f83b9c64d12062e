from django.urls import path

from attraktiv.followups import views

app_name = "followups"
urlpatterns = [
    path("", views.index, name="index"),
    path("ny/", views.open_round_view, name="open"),
    path("<int:pk>/", views.round_detail, name="round"),
    path("<int:pk>/historik/", views.round_history, name="history"),
    path(
        "<int:pk>/rapport/<int:action_pk>/<int:unit_pk>/",
        views.report,
        name="report",
    ),
    path("<int:pk>/klar/<int:unit_pk>/", views.mark_done, name="mark_done"),
    path("<int:pk>/angra-klar/<int:unit_pk>/", views.undo_done, name="undo_done"),
    path("<int:pk>/mal/<int:goal_pk>/", views.assess, name="assess"),
    path(
        "<int:pk>/mal/<int:goal_pk>/historik/",
        views.assessment_history,
        name="assessment_history",
    ),
    path("<int:pk>/las/", views.lock, name="lock"),
    path("<int:pk>/oppna-igen/", views.reopen, name="reopen"),
    path("<int:pk>/godkannande/", views.approve, name="approve"),
]
