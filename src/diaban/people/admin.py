from django.contrib import admin

from diaban.people.models import Account, Person, Position, PositionTitle, ScopeGrant, Term


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
