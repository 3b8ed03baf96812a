from django.contrib import admin

from diaban.territory.models import PartyOrganization, Succession, Unit, UnitLevel


@admin.register(UnitLevel)
class UnitLevelAdmin(admin.ModelAdmin):
    list_display = ["rank", "key", "name", "code_digits"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "level", "valid_from", "valid_until", "is_remote"]
    list_filter = ["level", "is_remote"]
    search_fields = ["search_key", "code"]
    raw_id_fields = ["parent"]
    readonly_fields = ["path", "depth"]


@admin.register(Succession)
class SuccessionAdmin(admin.ModelAdmin):
    list_display = ["predecessor", "successor", "kind", "date", "decision"]
    raw_id_fields = ["predecessor", "successor"]


@admin.register(PartyOrganization)
class PartyOrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "cell_kind", "member_count", "meeting_day"]
    list_filter = ["kind", "cell_kind"]
    search_fields = ["search_key"]
    raw_id_fields = ["parent", "unit"]
    readonly_fields = ["path", "depth"]
