from django.urls import path

from opencmh.care import views

app_name = "care"
urlpatterns = [
    path("caseload/", views.caseload, name="caseload"),
    path("my-plan/", views.my_plan, name="my_plan"),
    path("person/<uuid:person_id>/", views.person_care, name="person"),
    path("person/<uuid:person_id>/assessment/", views.assessment_edit, name="assessment"),
    path("person/<uuid:person_id>/plan/", views.care_plan_edit, name="plan"),
    path("person/<uuid:person_id>/plan/<int:number>/agree/", views.care_plan_agree, name="agree"),
    path(
        "person/<uuid:person_id>/contacts/<uuid:referral_id>/new/",
        views.contact_new,
        name="contact",
    ),
    path("person/<uuid:person_id>/safety-plan/", views.safety_plan_edit, name="safety_plan"),
]
