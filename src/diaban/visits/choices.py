from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanStatus(models.TextChoices):
    """draft → submitted → department_approved → approved → done; returned plans go back to draft with a
    comment; a plan merged into another is closed as merged."""

    DRAFT = "draft", _("dự thảo")
    SUBMITTED = "submitted", _("chờ trưởng phòng duyệt")
    DEPARTMENT_APPROVED = "dept_ok", _("chờ lãnh đạo phụ trách duyệt")
    APPROVED = "approved", _("đã duyệt")
    DONE = "done", _("đã đi, có báo cáo")
    CANCELLED = "cancelled", _("hủy")
    MERGED = "merged", _("đã gộp vào kế hoạch khác")


# Plans that will (or did) take people to the grassroots: what coordination and visit counts look at.
ACTIVE_STATUSES = (PlanStatus.SUBMITTED, PlanStatus.DEPARTMENT_APPROVED, PlanStatus.APPROVED, PlanStatus.DONE)
# Plans whose trip counts as a visit the unit received (or will receive).
VISIT_STATUSES = (PlanStatus.APPROVED, PlanStatus.DONE)
EDITABLE_STATUSES = (PlanStatus.DRAFT,)


class AgendaKind(models.TextChoices):
    """The duties of a cadre at the grassroots: nắm, góp ý, kiểm tra — and support."""

    KNOW = "know", _("nắm tình hình")
    ADVISE = "advise", _("góp ý, hướng dẫn")
    CHECK = "check", _("kiểm tra việc thực hiện")
    SUPPORT = "support", _("hỗ trợ, tháo gỡ")


class PlanAction(models.TextChoices):
    CREATED = "created", _("lập kế hoạch")
    UPDATED = "updated", _("sửa kế hoạch")
    SUBMITTED = "submitted", _("trình duyệt")
    DEPARTMENT_APPROVED = "dept_ok", _("trưởng phòng duyệt")
    APPROVED = "approved", _("lãnh đạo phụ trách duyệt")
    RETURNED = "returned", _("trả lại")
    CANCELLED = "cancelled", _("hủy")
    MERGED_IN = "merged_in", _("gộp kế hoạch khác vào")
    MERGED = "merged", _("gộp vào kế hoạch khác")
    REPORT_SAVED = "report_saved", _("lưu báo cáo chuyến đi")
    REPORT_SUBMITTED = "report_sub", _("nộp báo cáo chuyến đi")
    REPORT_REOPENED = "report_reop", _("mở lại báo cáo chuyến đi")


class TripReportStatus(models.TextChoices):
    DRAFT = "draft", _("đang soạn")
    SUBMITTED = "submitted", _("đã nộp")
    REOPENED = "reopened", _("mở lại để sửa")
