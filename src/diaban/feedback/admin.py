from django.contrib import admin

from diaban.feedback.models import Agency, Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    """Topics and their deadlines are data each committee keeps."""

    list_display = ["name", "deadline_days", "escalate_after_days", "position", "is_active"]
    list_editable = ["deadline_days", "escalate_after_days", "position", "is_active"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "unit", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    raw_id_fields = ["unit"]
    filter_horizontal = ["topics", "members"]
