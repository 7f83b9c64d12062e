from django.urls import path

from attraktiv.measurements import views

app_name = "indicators"
urlpatterns = [
    path("", views.indicator_list, name="index"),
    path("<str:kpi>/", views.indicator_detail, name="detail"),
    path("<str:kpi>/tabell.<str:file_format>", views.indicator_export, name="export"),
]
