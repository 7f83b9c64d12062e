from django.urls import path

from attraktiv.auditlog import views

app_name = "auditlog"
urlpatterns = [
    path("", views.index, name="index"),
    path("handelselogg.csv", views.export, name="export"),
]
