from django.urls import path

from attraktiv.audits import views

app_name = "audits"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.audit_detail, name="audit"),
    path("<int:pk>/andra/", views.edit_audit, name="edit_audit"),
    path("<int:pk>/omraden/", views.edit_areas, name="edit_areas"),
    path("<int:pk>/ny-rekommendation/", views.add_recommendation, name="add_recommendation"),
    path("rekommendation/<int:pk>/andra/", views.edit_recommendation, name="edit_recommendation"),
    path("rekommendation/<int:pk>/ny-atgard/", views.add_measure, name="add_measure"),
    path(
        "rekommendation/<int:pk>/historik/",
        views.recommendation_history,
        name="recommendation_history",
    ),
    path("atgard/<int:pk>/", views.measure, name="measure"),
    path("atgard/<int:pk>/andra/", views.measure_edit, name="measure_edit"),
    path("atgard/<int:pk>/historik/", views.measure_history, name="measure_history"),
]
