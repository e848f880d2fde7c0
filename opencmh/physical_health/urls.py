from django.urls import path

from opencmh.physical_health import views

app_name = "physical_health"
urlpatterns = [
    path("", views.home, name="home"),
    path("register/", views.register, name="register"),
    path("due/", views.due, name="due"),
    path("actions/", views.actions, name="actions"),
    path("actions/<uuid:action_id>/close/", views.action_close, name="action_close"),
    path("person/<uuid:person_id>/", views.person, name="person"),
    path("person/<uuid:person_id>/check/", views.check_new, name="check"),
    path("person/<uuid:person_id>/register/", views.register_edit, name="register_edit"),
    path("person/<uuid:person_id>/antipsychotic/", views.antipsychotic_new, name="antipsychotic"),
]
