from django.contrib import admin

from opencmh.organisations import models


@admin.register(models.ICB, models.SubICBLocation, models.Provider)
class CodeNameAdmin(admin.ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")


@admin.register(models.PrimaryCareNetwork)
class PCNAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "place")
    list_filter = ("place",)
    search_fields = ("code", "name")


@admin.register(models.GPPractice)
class GPPracticeAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "pcn")
    list_filter = ("pcn__place",)
    search_fields = ("code", "name")


@admin.register(models.Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "team_type", "provider", "place")
    list_filter = ("team_type", "place")
    filter_horizontal = ("pcns",)


@admin.register(models.PartnerOrganisation)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "place")
    list_filter = ("kind",)


@admin.register(models.DirectoryService)
class DirectoryServiceAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation_name", "category", "place", "active")
    list_filter = ("category", "place", "active")
    search_fields = ("name", "organisation_name", "description")
