from django.apps import AppConfig


class EmploymentConfig(AppConfig):
    name = "opencmh.employment"
    label = "employment"
    verbose_name = "Individual Placement and Support"
    default_auto_field = "django.db.models.BigAutoField"
