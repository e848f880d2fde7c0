from django.contrib import admin

from opencmh.outcomes.models import ReqolWording


@admin.register(ReqolWording)
class ReqolWordingAdmin(admin.ModelAdmin):
    """Where an organisation holding the ReQoL licence loads the item wording."""

    list_display = ("item", "wording")
    ordering = ("item",)
