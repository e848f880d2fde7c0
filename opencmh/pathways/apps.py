from django.apps import AppConfig


class PathwaysConfig(AppConfig):
    name = "opencmh.pathways"
    label = "pathways"
    default_auto_field = "django.db.models.BigAutoField"
