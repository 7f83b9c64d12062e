from django.urls import path

from attraktiv.budget import views

app_name = "budget"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.allocation_detail, name="allocation"),
    path("<int:pk>/tabell.<str:file_format>", views.allocation_export, name="export"),
    path("<int:pk>/ny-insats/", views.add_drawdown, name="add_drawdown"),
    path("<int:pk>/avsatt/", views.set_amount, name="set_amount"),
    path("insats/<int:pk>/", views.drawdown_detail, name="drawdown"),
    path("insats/<int:pk>/rad/", views.drawdown_row, name="drawdown_row"),
    path("insats/<int:pk>/rad/andra/", views.drawdown_row_edit, name="drawdown_row_edit"),
    path("insats/<int:pk>/ta-bort/", views.remove_drawdown, name="remove_drawdown"),
]
