from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    REGULAR = "regular", _("Thường kỳ")
    THEMATIC = "thematic", _("Chuyên đề")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Dự kiến")
    HELD = "held", _("Đã họp")
    POSTPONED = "postponed", _("Hoãn")


class AttendanceSource(models.TextChoices):
    """Who recorded that a cadre attended: the cadre, or the cell keeping its minutes."""

    CADRE = "cadre", _("cán bộ tự ghi")
    CELL = "cell", _("chi bộ ghi nhận")


class Activity(models.TextChoices):
    """Which attendances count towards a rule."""

    ASSIGNED = "assigned", _("dự sinh hoạt chi bộ ở địa bàn được phân công")
    HOME_AREA = "home_area", _("dự sinh hoạt chi bộ bất kỳ trong địa bàn mình lãnh đạo")


class Period(models.TextChoices):
    MONTH = "month", _("tháng")
    QUARTER = "quarter", _("quý")
    YEAR = "year", _("năm")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    SUBMITTED = "submitted", _("Đã nộp")
    REOPENED = "reopened", _("Mở lại để sửa")


class OverallQuality(models.TextChoices):
    """The overall grading of a cell meeting (Hướng dẫn 12-HD/BTCTW: tốt, khá, trung bình, kém)."""

    GOOD = "good", _("Tốt")
    FAIR = "fair", _("Khá")
    AVERAGE = "average", _("Trung bình")
    POOR = "poor", _("Kém")


class ReportEventAction(models.TextChoices):
    CREATED = "created", _("tạo bản nháp")
    SAVED = "saved", _("lưu nháp")
    SUBMITTED = "submitted", _("nộp báo cáo")
    REOPENED = "reopened", _("mở lại")


class RuleEventAction(models.TextChoices):
    """What happened to an attendance rule, in its history."""

    CREATED = "created", _("đặt quy định")
    CHANGED = "changed", _("sửa quy định")
