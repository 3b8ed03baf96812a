from django.contrib import admin
from django.urls import include, path

from diaban.assignments.api import AssignmentRuleViewSet, AssignmentViewSet, CoverageViewSet, PersonDepartureViewSet
from diaban.core.api import Router
from diaban.core.api_docs import SchemaView, SwaggerView
from diaban.core.health import healthz
from diaban.feedback.api.catalogue import AgencyViewSet, RecommendationTopicViewSet
from diaban.feedback.api.groups import RecommendationGroupViewSet
from diaban.feedback.api.recommendations import RecommendationViewSet
from diaban.feedback.api.trends import RecommendationTrendsViewSet
from diaban.guidance.api.drafts import DraftCommentViewSet, DraftViewSet
from diaban.guidance.api.guidance import GuidanceConveyedViewSet, GuidanceReceiptViewSet, GuidanceViewSet
from diaban.guidance.api.sessions import ReviewDueViewSet, ReviewSessionViewSet
from diaban.meetings.api.attendance_rules import AttendanceRuleViewSet
from diaban.meetings.api.compliance import ComplianceViewSet
from diaban.meetings.api.meetings import AttendanceViewSet, MeetingViewSet
from diaban.meetings.api.reports import MeetingReportViewSet, QualityCriterionViewSet
from diaban.people.api import (
    CommitteeMembershipViewSet,
    DepartmentViewSet,
    LeaveViewSet,
    PersonViewSet,
    PositionViewSet,
)
from diaban.territory.api import PartyOrganizationViewSet, UnitViewSet
from diaban.visits.api.plans import VisitPlanViewSet
from diaban.visits.api.trip_reports import TripReportViewSet
from diaban.visits.api.visit_counts import VisitCountViewSet

router = Router()
router.register("units", UnitViewSet, basename="unit")
router.register("organizations", PartyOrganizationViewSet, basename="organization")
router.register("people", PersonViewSet, basename="person")
router.register("positions", PositionViewSet, basename="position")
router.register("memberships", CommitteeMembershipViewSet, basename="membership")
router.register("assignments", AssignmentViewSet, basename="assignment")
router.register("assignment-rules", AssignmentRuleViewSet, basename="assignment-rule")
router.register("coverage", CoverageViewSet, basename="coverage")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("attendances", AttendanceViewSet, basename="attendance")
router.register("attendance-rules", AttendanceRuleViewSet, basename="attendance-rule")
router.register("compliance", ComplianceViewSet, basename="compliance")
router.register("meeting-reports", MeetingReportViewSet, basename="meeting-report")
router.register("quality-criteria", QualityCriterionViewSet, basename="quality-criterion")
router.register("visit-plans", VisitPlanViewSet, basename="visit-plan")
router.register("trip-reports", TripReportViewSet, basename="trip-report")
router.register("visit-counts", VisitCountViewSet, basename="visit-count")
router.register("departments", DepartmentViewSet, basename="department")
router.register("leaves", LeaveViewSet, basename="leave")
router.register("guidance", GuidanceViewSet, basename="guidance")
router.register("guidance-receipts", GuidanceReceiptViewSet, basename="guidance-receipt")
router.register("guidance-conveyed", GuidanceConveyedViewSet, basename="guidance-conveyed")
router.register("drafts", DraftViewSet, basename="draft")
router.register("draft-comments", DraftCommentViewSet, basename="draft-comment")
router.register("review-sessions", ReviewSessionViewSet, basename="review-session")
router.register("review-due", ReviewDueViewSet, basename="review-due")
router.register("recommendations", RecommendationViewSet, basename="recommendation")
router.register("recommendation-groups", RecommendationGroupViewSet, basename="recommendation-group")
router.register("recommendation-topics", RecommendationTopicViewSet, basename="recommendation-topic")
router.register("agencies", AgencyViewSet, basename="agency")
router.register("recommendation-trends", RecommendationTrendsViewSet, basename="recommendation-trend")

api_patterns = [
    path("", include(router.urls)),
    # A person's departure ends their assignments: the assignments app answers it, at the person's address.
    path(
        "people/<id:pk>/depart/",
        PersonDepartureViewSet.as_view({"post": "depart"}, detail=True),
        name="person-depart",
    ),
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", SwaggerView.as_view(url_name="api:schema"), name="docs"),
]

urlpatterns = [
    path("", include("diaban.people.urls")),
    path("", include("diaban.territory.urls")),
    path("", include("diaban.assignments.urls")),
    path("", include("diaban.meetings.urls")),
    path("", include("diaban.visits.urls")),
    path("", include("diaban.guidance.urls")),
    path("", include("diaban.feedback.urls")),
    path("api/", include((api_patterns, "api"))),
    path("quan-tri/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", healthz, name="healthz"),
]

# Vietnamese pages in the product's layout, Vietnamese JSON under /api/ (diaban.core.errors).
handler403 = "diaban.core.errors.permission_denied"
handler404 = "diaban.core.errors.page_not_found"
handler500 = "diaban.core.errors.server_error"
