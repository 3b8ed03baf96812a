from django.contrib import admin

from diaban.assignments.models import Assignment, AssignmentRule


@admin.register(AssignmentRule)
class AssignmentRuleAdmin(admin.ModelAdmin):
    """The assignment policy is data: a committee adjusts it here."""

    list_display = ["name", "position_level", "standing_committee_only", "target_level", "valid_from", "valid_until"]
    list_filter = ["position_level", "target_level"]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    """Read only: every change to an assignment goes through the services, which keep its history."""

    list_display = ["person", "unit", "purpose", "start_date", "end_date", "end_reason"]
    list_filter = ["purpose", "end_reason"]
    raw_id_fields = ["person", "unit", "organization", "previous"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
