from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "opencmh.referrals"
    label = "referrals"
    default_auto_field = "django.db.models.BigAutoField"
