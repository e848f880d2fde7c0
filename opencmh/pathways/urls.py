from django.urls import path

from opencmh.pathways import views

app_name = "pathways"
urlpatterns = [
    path("team/<str:team_type>/", views.pathway, name="pathway"),
    path("eip/<uuid:referral_id>/package/", views.eip_package, name="eip_package"),
    path("person/<uuid:person_id>/monitoring/", views.monitoring, name="monitoring"),
]
