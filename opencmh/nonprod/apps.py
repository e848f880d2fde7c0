from django.apps import AppConfig


class NonprodConfig(AppConfig):
    name = "opencmh.nonprod"
    label = "nonprod"
    default_auto_field = "django.db.models.BigAutoField"
