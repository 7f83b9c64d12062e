from django.urls import path

from attraktiv.accounts import views

app_name = "accounts"
urlpatterns = [
    path("logga-in/", views.login, name="login"),
    path("logga-ut/", views.logout, name="logout"),
    path("behorighet/", views.my_access, name="my_access"),
]
