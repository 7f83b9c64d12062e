from django.urls import path

from attraktiv.datasets import views

app_name = "datasets"
urlpatterns = [
    path("", views.index, name="index"),
    path("ladda-upp/", views.upload, name="upload"),
    path("exempeldata.<str:file_format>", views.sample_data, name="sample_data"),
    path("mappningsexempel.zip", views.mapping_example, name="mapping_example"),
    path("import/<int:pk>/", views.import_detail, name="import"),
    path("import/<int:pk>/forlopp/", views.import_progress, name="import_progress"),
    path("import/<int:pk>/ersatt/", views.confirm_import, name="confirm_import"),
    path("import/<int:pk>/avbryt/", views.cancel_import, name="cancel_import"),
]
