from django.urls import path

from opencmh.organisations import views

app_name = "organisations"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("directory/", views.directory, name="directory"),
]
