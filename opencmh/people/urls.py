from django.urls import path

from opencmh.people import views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("new/", views.person_create, name="create"),
    path("me/", views.my_record, name="me"),
    path("<uuid:person_id>/", views.person_detail, name="detail"),
    path("<uuid:person_id>/access-log/", views.access_log, name="access_log"),
    path("<uuid:person_id>/emergency-access/", views.break_glass, name="break_glass"),
]
