from django.apps import AppConfig


class BereavementConfig(AppConfig):
    name = "opencmh.bereavement"
    label = "bereavement"
    verbose_name = "Suicide bereavement support"
    default_auto_field = "django.db.models.BigAutoField"
