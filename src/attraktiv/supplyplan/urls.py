from django.urls import path

from attraktiv.supplyplan import views

app_name = "supply"
urlpatterns = [
    path("", views.index, name="index"),
    path("kompetens/<str:group>/", views.competence, name="competence"),
    path("aktivitet/<int:pk>/ta-bort/", views.unlink, name="unlink"),
    path("rakna/", views.start_run, name="start_run"),
    path("korning/<int:pk>/", views.run_detail, name="run"),
    path("scenarier/", views.scenarios, name="scenarios"),
    path("scenarier/jamfor/", views.compare, name="compare"),
    path("scenarier/<int:pk>/", views.scenario_detail, name="scenario"),
    path("scenarier/version/<int:pk>.toml", views.scenario_file, name="scenario_file"),
]
