from django.contrib import admin

from opencmh.referrals.models import RoutingRule


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ("primary_reason", "team_type", "active", "note")
    list_editable = ("team_type", "active")
