from django.urls import path

from diaban.meetings.views import calendar, compliance, exports, reports

urlpatterns = [
    path("chi-bo/<id:pk>/lich-sinh-hoat/", calendar.CellCalendarView.as_view(), name="cell_calendar"),
    path("chi-bo/<id:pk>/them-buoi-chuyen-de/", calendar.ThematicMeetingCreateView.as_view(), name="meeting_create"),
    path("sinh-hoat/<id:pk>/", calendar.MeetingDetailView.as_view(), name="meeting_detail"),
    path("sinh-hoat/<id:pk>/cap-nhat/", calendar.MeetingEditView.as_view(), name="meeting_edit"),
    path("sinh-hoat/<id:pk>/lap-bao-cao/", reports.ReportStartView.as_view(), name="meeting_report_start"),
    path("bao-cao-sinh-hoat/<id:pk>/", reports.MeetingReportView.as_view(), name="meeting_report"),
    path(
        "bao-cao-sinh-hoat/<id:pk>/tai-ve.docx",
        exports.MeetingReportDocxView.as_view(),
        name="meeting_report_docx",
    ),
    path("tep/bao-cao/<id:pk>/", reports.AttachmentView.as_view(), name="report_attachment"),
    path("lich/<str:token>/sinh-hoat.ics", calendar.calendar_feed, name="calendar_feed"),
    path("lich/doi-dia-chi/", calendar.CalendarFeedRevokeView.as_view(), name="calendar_feed_revoke"),
    path("tuan-thu/", compliance.ComplianceView.as_view(), name="compliance"),
    path("tuan-thu/<id:pk>/", compliance.ComplianceView.as_view(), name="compliance_detail"),
    path("tuan-thu/<id:pk>/xuat-excel/", exports.ComplianceExportView.as_view(), name="compliance_export"),
    path("quy-dinh-du-sinh-hoat/", compliance.AttendanceRuleListView.as_view(), name="attendance_rule_list"),
]
