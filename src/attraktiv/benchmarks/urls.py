from django.urls import path

from attraktiv.benchmarks import views

app_name = "benchmarks"
urlpatterns = [
    path("", views.index, name="index"),
    path("ladda-upp/", views.upload, name="upload"),
]
