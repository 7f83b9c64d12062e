from django.urls import path

from attraktiv.organisation import views

app_name = "organisation"
urlpatterns = [
    path("", views.unit_index, name="index"),
    path("enhet/<str:unit_id>/", views.unit_detail, name="unit"),
]
