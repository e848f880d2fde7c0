from django.urls import path

from opencmh.outcomes import views

app_name = "outcomes"
urlpatterns = [
    path("person/<uuid:person_id>/", views.person_outcomes, name="person"),
    path("person/<uuid:person_id>/dialog/", views.record_dialog, name="record_dialog"),
    path("person/<uuid:person_id>/reqol-10/", views.record_reqol, name="record_reqol"),
    path("person/<uuid:person_id>/goals/", views.record_gbo, name="record_gbo"),
    path("my-dialog/", views.my_dialog, name="my_dialog"),
    path("my-dialog/sent/", views.my_dialog_done, name="my_dialog_done"),
]
