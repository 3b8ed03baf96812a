from django.urls import path

from diaban.guidance.views import drafts, guidance, sessions

urlpatterns = [
    path("dinh-huong/", guidance.GuidanceListView.as_view(), name="guidance_list"),
    path("dinh-huong/gui/", guidance.GuidanceCreateView.as_view(), name="guidance_create"),
    path("dinh-huong/<id:pk>/", guidance.GuidanceDetailView.as_view(), name="guidance_detail"),
    path("dinh-huong/<id:pk>/tep/", guidance.GuidanceFileView.as_view(), name="guidance_file"),
    path(
        "dinh-huong/<id:pk>/nguoi-nhan.xlsx",
        guidance.GuidanceReceiptsExportView.as_view(),
        name="guidance_receipts_export",
    ),
    path(
        "dinh-huong/truyen-dat/sinh-hoat/<id:pk>/",
        guidance.MeetingReportConveyedView.as_view(),
        name="conveyed_meeting_report",
    ),
    path(
        "dinh-huong/truyen-dat/chuyen-di/<id:pk>/",
        guidance.TripReportConveyedView.as_view(),
        name="conveyed_trip_report",
    ),
    path("gop-y/", drafts.DraftListView.as_view(), name="draft_list"),
    path("gop-y/gui/", drafts.DraftCreateView.as_view(), name="draft_create"),
    path("gop-y/<id:pk>/", drafts.DraftDetailView.as_view(), name="draft_detail"),
    path("gop-y/<id:pk>/tep/", drafts.DraftFileView.as_view(), name="draft_file"),
    path("rut-kinh-nghiem/", sessions.SessionListView.as_view(), name="review_session_list"),
    path("rut-kinh-nghiem/ghi/", sessions.SessionCreateView.as_view(), name="review_session_create"),
    path("rut-kinh-nghiem/<id:pk>/", sessions.SessionDetailView.as_view(), name="review_session_detail"),
    path("rut-kinh-nghiem/<id:pk>/sua/", sessions.SessionEditView.as_view(), name="review_session_edit"),
]
