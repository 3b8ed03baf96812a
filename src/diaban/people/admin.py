from django.contrib import admin

from diaban.people.models import (
    Account,
    Department,
    LeaderInCharge,
    Leave,
    Person,
    Position,
    PositionTitle,
    ScopeGrant,
    Term,
)


class ScopeGrantInline(admin.TabularInline):
    model = ScopeGrant
    raw_id_fields = ["unit"]
    extra = 0


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "title", "organization"]
    list_filter = ["role"]
    inlines = [ScopeGrantInline]


@admin.register(PositionTitle)
class PositionTitleAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "is_standing_committee", "rank"]
    list_filter = ["level", "is_standing_committee"]


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["name", "start_year", "end_year"]


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    """Reading and account links; assignments and departures go through the pages, which keep history."""

    list_display = ["full_name", "code", "home_unit", "agency", "departed_on"]
    search_fields = ["code", "search_key"]
    raw_id_fields = ["home_unit", "user"]
    readonly_fields = ["departed_on", "departure_reason", "departure_note"]
    inlines = [PositionInline]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    """Departments (phòng, ban): their head approves their members' visit plans first."""

    list_display = ["name", "parent", "unit", "head"]
    search_fields = ["name"]
    raw_id_fields = ["parent", "unit", "head"]


@admin.register(LeaderInCharge)
class LeaderInChargeAdmin(admin.ModelAdmin):
    """Leaders of an agency in charge of an area: they approve the visit plans to it second."""

    list_display = ["person", "agency", "unit", "start_date", "end_date"]
    list_filter = ["agency"]
    search_fields = ["person__search_key", "person__code"]
    raw_id_fields = ["person", "agency", "unit"]


@admin.register(Leave)
class LeaveAdmin(admin.ModelAdmin):
    """Leave recorded for a cadre: those days are not working days when field time is measured."""

    list_display = ["person", "kind", "start_date", "end_date", "note"]
    list_filter = ["kind"]
    search_fields = ["person__search_key", "person__code"]
    raw_id_fields = ["person"]
    date_hierarchy = "start_date"
