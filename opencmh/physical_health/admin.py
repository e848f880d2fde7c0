from django.contrib import admin

from opencmh.physical_health.models import FollowUpRule


@admin.register(FollowUpRule)
class FollowUpRuleAdmin(admin.ModelAdmin):
    """The cardiometabolic follow-up rules, for the clinical safety officer to change."""

    list_display = (
        "code",
        "measure",
        "comparison",
        "threshold",
        "upper",
        "value",
        "ethnic_threshold",
        "ethnic_categories",
        "action",
        "active",
    )
    list_editable = ("threshold", "upper", "ethnic_threshold", "ethnic_categories", "active")
    list_filter = ("action", "active")
