from django.urls import path

from opencmh.bereavement import views

app_name = "bereavement"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("referrals/new/", views.referral_new, name="new"),
    path("referrals/<uuid:referral_id>/", views.referral_detail, name="referral"),
    path("referrals/<uuid:referral_id>/contacts/new/", views.contact_new, name="contact"),
    path("referrals/<uuid:referral_id>/help/new/", views.practical_help_new, name="help"),
    path(
        "referrals/<uuid:referral_id>/onward/new/",
        views.onward_referral_new,
        name="onward",
    ),
    path("referrals/<uuid:referral_id>/close/", views.close, name="close"),
]
