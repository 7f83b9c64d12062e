from django.urls import path

from attraktiv.forecasts import views

app_name = "forecasts"
urlpatterns = [
    path("", views.index, name="index"),
    path("ladda-upp/", views.upload, name="upload"),
    path("kopplingar/", views.links, name="links"),
    path("kopplingar/andra/", views.links_edit, name="links_edit"),
    path("kopplingar/<int:pk>/ta-bort/", views.unlink, name="unlink"),
    path("kopplingar/standard/", views.default_links, name="default_links"),
]
