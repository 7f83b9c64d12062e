from django.urls import path

from attraktiv.programmes import views

app_name = "programmes"
urlpatterns = [
    path("", views.index, name="index"),
    path("statusregler/", views.status_rules, name="rules"),
    path("<slug:code>/", views.programme_overview, name="overview"),
    path("<slug:code>/program.<str:file_format>", views.programme_file, name="file"),
    path("<slug:code>/indikatorer.<str:file_format>", views.indicator_table, name="table"),
    path("<slug:code>/mal/<str:ref>/", views.goal_detail, name="goal"),
    path("<slug:code>/indikator/<str:ref>/", views.indicator_detail, name="indicator"),
]
