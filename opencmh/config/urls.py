from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("opencmh.core.urls")),
    path("people/", include("opencmh.people.urls")),
    path("referrals/", include("opencmh.referrals.urls")),
    path("care/", include("opencmh.care.urls")),
    path("physical-health/", include("opencmh.physical_health.urls")),
    path("pathways/", include("opencmh.pathways.urls")),
    path("refer/", include("opencmh.referrals.urls_self_referral")),
    path("organisations/", include("opencmh.organisations.urls")),
    path("outcomes/", include("opencmh.outcomes.urls")),
    path("employment/", include("opencmh.employment.urls")),
    path("bereavement/", include("opencmh.bereavement.urls")),
    path("admin/", admin.site.urls),
]
if settings.OIDC_ENABLED:
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))
if settings.NONPROD:
    urlpatterns.append(path("demo/", include("opencmh.nonprod.urls")))
