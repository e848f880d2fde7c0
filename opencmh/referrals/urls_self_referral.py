from django.urls import path

from opencmh.referrals import views_self_referral as views
from opencmh.referrals.self_referral import STEP_SLUGS

app_name = "self_referral"
urlpatterns = [
    path("", views.start, name="start"),
    *(path(f"{slug}/", views.question, {"step": slug}, name=slug) for slug in STEP_SLUGS),
    path("check/", views.check, name="check"),
    path("sent/", views.sent, name="sent"),
]
