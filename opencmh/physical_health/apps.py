from django.apps import AppConfig


class PhysicalHealthConfig(AppConfig):
    name = "opencmh.physical_health"
    label = "physical_health"
    verbose_name = "SMI physical health"
    default_auto_field = "django.db.models.BigAutoField"
