from django.urls import path

from diaban.meetings import export_views, views

urlpatterns = [
    path("chi-bo/<id:pk>/lich-sinh-hoat/", views.CellCalendarView.as_view(), name="cell_calendar"),
    path("chi-bo/<id:pk>/them-buoi-chuyen-de/", views.ThematicMeetingCreateView.as_view(), name="meeting_create"),
    path("sinh-hoat/<id:pk>/", views.MeetingDetailView.as_view(), name="meeting_detail"),
    path("sinh-hoat/<id:pk>/cap-nhat/", views.MeetingEditView.as_view(), name="meeting_edit"),
    path("sinh-hoat/<id:pk>/lap-bao-cao/", views.ReportStartView.as_view(), name="meeting_report_start"),
    path("bao-cao-sinh-hoat/<id:pk>/", views.MeetingReportView.as_view(), name="meeting_report"),
    path(
        "bao-cao-sinh-hoat/<id:pk>/tai-ve.docx",
        export_views.MeetingReportDocxView.as_view(),
        name="meeting_report_docx",
    ),
    path("tep/bao-cao/<id:pk>/", views.AttachmentView.as_view(), name="report_attachment"),
    path("lich/<str:token>/sinh-hoat.ics", views.calendar_feed, name="calendar_feed"),
    path("lich/doi-dia-chi/", views.CalendarFeedRevokeView.as_view(), name="calendar_feed_revoke"),
    path("tuan-thu/", views.ComplianceView.as_view(), name="compliance"),
    path("tuan-thu/<id:pk>/", views.ComplianceView.as_view(), name="compliance_detail"),
    path("tuan-thu/<id:pk>/xuat-excel/", export_views.ComplianceExportView.as_view(), name="compliance_export"),
    path("quy-dinh-du-sinh-hoat/", views.AttendanceRuleListView.as_view(), name="attendance_rule_list"),
]
