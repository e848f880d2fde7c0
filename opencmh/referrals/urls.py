from django.urls import path

from opencmh.referrals import views

app_name = "referrals"
urlpatterns = [
    path("mine/", views.my_referrals, name="mine"),
    path("new/", views.make_referral, name="make"),
]
