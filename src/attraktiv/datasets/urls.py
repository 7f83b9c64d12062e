from django.urls import path

from attraktiv.datasets import views

app_name = "datasets"
urlpatterns = [
    path("", views.index, name="index"),
    path("ladda-upp/", views.upload, name="upload"),
    path("import/<int:pk>/", views.import_detail, name="import"),
    path("import/<int:pk>/forlopp/", views.import_progress, name="import_progress"),
]
