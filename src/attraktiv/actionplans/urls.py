"""Action plan pages under /handlingsplaner/ (pages.md, "Action plan")."""

from django.urls import path

from attraktiv.actionplans import views

app_name = "actionplans"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:programme_code>/", views.plan, name="plan"),
    path("<slug:programme_code>/tabell.<str:file_format>", views.export, name="export"),
    path("<slug:programme_code>/ny-atgard/", views.action_new, name="action_new"),
    path("<slug:programme_code>/revidera/", views.revise, name="revise"),
    path("<slug:programme_code>/jamfor/", views.compare, name="compare"),
    path("<slug:programme_code>/atgard/<str:ref>/", views.action_detail, name="action"),
    path(
        "<slug:programme_code>/atgard/<str:ref>/status/", views.action_status, name="action_status"
    ),
]
