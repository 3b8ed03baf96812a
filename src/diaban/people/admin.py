from django.contrib import admin

from diaban.people.models import Account, ScopeGrant


class ScopeGrantInline(admin.TabularInline):
    model = ScopeGrant
    raw_id_fields = ["unit"]
    extra = 0


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "title", "organization"]
    list_filter = ["role"]
    inlines = [ScopeGrantInline]
