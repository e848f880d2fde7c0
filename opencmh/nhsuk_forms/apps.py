from django.apps import AppConfig


class NhsukFormsConfig(AppConfig):
    name = "opencmh.nhsuk_forms"
    label = "nhsuk_forms"
    default_auto_field = "django.db.models.BigAutoField"
