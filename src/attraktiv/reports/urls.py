from django.urls import path

from attraktiv.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("forhandsvisning/", views.preview, name="preview"),
    path("<int:pk>/rad/", views.report_row, name="row"),
    path("<int:pk>/hamta/", views.download, name="download"),
]
