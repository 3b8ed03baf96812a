from django.db import models
from django.utils.translation import gettext_lazy as _


class RecommendationSource(models.TextChoices):
    """The channel a recommendation came in through."""

    MEETING = "meeting", _("buổi sinh hoạt chi bộ")
    VISIT = "visit", _("chuyến đi cơ sở")
    PETITION = "petition", _("đơn thư")
    PUBLIC_OPINION = "opinion", _("dư luận")
    UNIT_REPORT = "unit_report", _("báo cáo của đơn vị")
    DIRECT = "direct", _("nhập trực tiếp")


class RaiserKind(models.TextChoices):
    """Who raised it. Only a person's name and contact are personal data."""

    CELL = "cell", _("chi bộ")
    RESIDENTS = "residents", _("nhóm người dân")
    PERSON = "person", _("cá nhân")
    UNIT = "unit", _("đơn vị, tổ chức")


class AuthorityLevel(models.TextChoices):
    """Who answers it (thẩm quyền)."""

    ON_THE_SPOT = "spot", _("trả lời tại chỗ")
    AGENCY = "agency", _("chuyển cơ quan có thẩm quyền")
    STANDING_COMMITTEE = "standing", _("trình Thường trực")


class RecommendationStatus(models.TextChoices):
    NEW = "new", _("chờ phân loại")
    FORWARDED = "forwarded", _("đã chuyển, chờ cơ quan nhận")
    ACKNOWLEDGED = "acknowledged", _("cơ quan đang giải quyết")
    INFO_REQUESTED = "info", _("cơ quan đề nghị bổ sung")
    RETURNED = "returned", _("cơ quan trả lại, chờ chuyển lại")
    ESCALATED = "escalated", _("trình Thường trực")
    ANSWERED = "answered", _("đã trả lời")
    CLOSED = "closed", _("đã kết thúc")


# Not yet answered: these count as open, and as overdue once past their deadline.
OPEN_STATUSES = (
    RecommendationStatus.NEW,
    RecommendationStatus.FORWARDED,
    RecommendationStatus.ACKNOWLEDGED,
    RecommendationStatus.INFO_REQUESTED,
    RecommendationStatus.RETURNED,
    RecommendationStatus.ESCALATED,
)
# Waiting on an agency: what is in its queue to work on.
WITH_AGENCY = (
    RecommendationStatus.FORWARDED,
    RecommendationStatus.ACKNOWLEDGED,
    RecommendationStatus.INFO_REQUESTED,
)
ANSWERED_STATUSES = (RecommendationStatus.ANSWERED, RecommendationStatus.CLOSED)


class AgencyKind(models.TextChoices):
    PROVINCIAL_DEPARTMENT = "department", _("sở, ngành tỉnh")
    PEOPLES_COMMITTEE = "committee", _("Ủy ban nhân dân")
    DISTRICT_OFFICE = "office", _("phòng, ban cấp huyện")
    MASS_ORGANIZATION = "mass", _("Mặt trận, đoàn thể")
    PARTY_BODY = "party", _("cơ quan của cấp ủy")
    OTHER = "other", _("khác")


class EventAction(models.TextChoices):
    CREATED = "created", _("tiếp nhận")
    EDITED = "edited", _("sửa")
    ANSWERED_ON_SPOT = "spot", _("trả lời tại chỗ")
    FORWARDED = "forwarded", _("chuyển cơ quan")
    ACKNOWLEDGED = "acknowledged", _("cơ quan nhận")
    INFO_REQUESTED = "info_requested", _("đề nghị bổ sung thông tin")
    INFO_PROVIDED = "info_provided", _("bổ sung thông tin")
    RETURNED = "returned", _("trả lại: không thuộc thẩm quyền")
    ESCALATED = "escalated", _("trình Thường trực")
    AUTO_ESCALATED = "auto_escalated", _("tự động trình Thường trực")
    ANSWERED = "answered", _("trả lời")
    CLOSED = "closed", _("kết thúc")
    CONVEYED = "conveyed", _("đã thông tin lại cho cơ sở")
    GROUPED = "grouped", _("gộp nhóm")
    UNGROUPED = "ungrouped", _("tách khỏi nhóm")
    REMINDED = "reminded", _("nhắc quá hạn")
