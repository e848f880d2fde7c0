from django.urls import path

from opencmh.referrals import views, views_triage

app_name = "referrals"
urlpatterns = [
    path("mine/", views.my_referrals, name="mine"),
    path("new/", views.make_referral, name="make"),
    path("record/", views.record_referral, name="record"),
    path("questions/<int:request_id>/", views.answer_question, name="answer"),
    path("triage/", views_triage.triage_queue, name="queue"),
    path("<uuid:referral_id>/", views_triage.referral_detail, name="detail"),
    path("<uuid:referral_id>/accept/", views_triage.accept, name="accept"),
    path("<uuid:referral_id>/connect/", views_triage.connect, name="connect"),
    path("<uuid:referral_id>/ask/", views_triage.ask, name="ask"),
    path("<uuid:referral_id>/match/", views_triage.match, name="match"),
    path("<uuid:referral_id>/allocate/", views_triage.allocate, name="allocate"),
    path("<uuid:referral_id>/discharge/", views_triage.discharge, name="discharge"),
]
