from django.urls import path

from opencmh.employment import views

app_name = "employment"
urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("start/<uuid:referral_id>/", views.start, name="start"),
    path("ips/<uuid:ips_id>/", views.record, name="record"),
    path("ips/<uuid:ips_id>/profile/", views.profile_edit, name="profile"),
    path(
        "ips/<uuid:ips_id>/employer-contacts/new/",
        views.employer_contact_new,
        name="employer_contact",
    ),
    path("ips/<uuid:ips_id>/jobs/new/", views.job_new, name="job"),
    path(
        "ips/<uuid:ips_id>/jobs/<uuid:job_id>/sustainment/<int:weeks>/",
        views.sustainment_new,
        name="sustainment",
    ),
    path(
        "ips/<uuid:ips_id>/jobs/<uuid:job_id>/in-work-support/new/",
        views.in_work_support_new,
        name="in_work_support",
    ),
    path("fidelity/", views.fidelity_teams, name="fidelity"),
    path("fidelity/<uuid:team_id>/", views.fidelity_team, name="fidelity_team"),
    path("fidelity/<uuid:team_id>/new/", views.fidelity_new, name="fidelity_new"),
    path(
        "fidelity/<uuid:team_id>/reviews/<uuid:review_id>/",
        views.fidelity_review,
        name="fidelity_review",
    ),
]
