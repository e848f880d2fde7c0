from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from opencmh.core.models import User


@admin.register(User)
class OpenCMHUserAdmin(UserAdmin):
    list_display = ("username", "first_name", "last_name", "role", "is_active")
    list_filter = ("role", "is_active")
    fieldsets = UserAdmin.fieldsets + (
        (
            "OpenCMH role",
            {"fields": ("role", "job_title", "teams", "partner_organisation", "gp_practice")},
        ),
    )
    filter_horizontal = ("teams",)
