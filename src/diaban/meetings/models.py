"""Cell meetings (buổi sinh hoạt chi bộ), the cadres who attended them, and the attendance rules (quy định).

A cell's regular meeting day generates planned meetings; the cell secretary moves, postpones or marks them
held. A cadre's attendance is a row of its own, recorded by the cadre or by the cell. Rules are data: which
positions must attend how many meetings per month, quarter or year, where, under which document and when;
`diaban.meetings.compliance` measures people against them.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from diaban.core import limits
from diaban.core.history import Event
from diaban.core.models import NormalizedTextModel
from diaban.core.uploads import GeneratedName
from diaban.meetings.choices import (
    Activity,
    AttendanceSource,
    MeetingKind,
    MeetingStatus,
    OverallQuality,
    Period,
    ReportEventAction,
    ReportStatus,
    RuleEventAction,
)
from diaban.people.models import Person, PositionTitle
from diaban.territory.models import PartyOrganization, Unit


class MeetingQuerySet(models.QuerySet):
    def between(self, start: datetime.date, end: datetime.date):
        return self.filter(date__gte=start, date__lte=end)


class Meeting(NormalizedTextModel):
    """One meeting of a cell: regular (thường kỳ, from the cell's meeting day) or thematic (chuyên đề)."""

    scope_path_field = "organization__unit__path"

    organization = models.ForeignKey(
        PartyOrganization, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("chi bộ")
    )
    kind = models.CharField(_("loại"), max_length=10, choices=MeetingKind.choices, default=MeetingKind.REGULAR)
    date = models.DateField(_("ngày họp"))
    planned_date = models.DateField(
        _("ngày theo lịch"), help_text=_("ngày lịch sinh hoạt định ra; giữ nguyên khi dời buổi họp")
    )
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    topic = models.CharField(
        _("chủ đề"), max_length=limits.TITLE, blank=True, help_text=_("bắt buộc với buổi chuyên đề")
    )
    members_total = models.PositiveIntegerField(_("tổng số đảng viên"), null=True, blank=True)
    members_present = models.PositiveIntegerField(_("số đảng viên dự"), null=True, blank=True)
    members_excused = models.PositiveIntegerField(_("vắng có lý do"), null=True, blank=True)
    committee_met_before = models.BooleanField(_("chi ủy họp trước"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=limits.NOTE, blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("buổi sinh hoạt chi bộ")
        verbose_name_plural = _("buổi sinh hoạt chi bộ")
        indexes = [models.Index(fields=["organization", "date"], name="meetings_org_date")]
        constraints = [
            # One regular meeting a month per cell: generating the calendar twice creates nothing new.
            models.UniqueConstraint(
                fields=["organization", "planned_date"],
                condition=Q(kind=MeetingKind.REGULAR),
                name="meetings_regular_unique",
            ),
            models.CheckConstraint(
                condition=Q(members_present__isnull=True)
                | Q(members_total__isnull=True)
                | Q(members_present__lte=models.F("members_total")),
                name="meetings_present_within_total",
            ),
        ]

    def __str__(self):
        return "{} {}".format(self.organization, self.date.strftime("%d/%m/%Y"))

    def get_absolute_url(self):
        return reverse("meeting_detail", kwargs={"pk": self.pk})

    @property
    def is_moved(self) -> bool:
        return self.date != self.planned_date


def report_due_date(meeting_date: datetime.date) -> datetime.date:
    """A meeting report is due this many days after the meeting (DIABAN_REPORT_DUE_DAYS)."""
    return meeting_date + datetime.timedelta(days=settings.DIABAN_REPORT_DUE_DAYS)


class Attendance(models.Model):
    """A cadre attending a cell meeting (dự sinh hoạt chi bộ)."""

    scope_path_field = "meeting__organization__unit__path"

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("buổi họp")
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attendances", verbose_name=_("cán bộ"))
    source = models.CharField(_("ghi nhận bởi"), max_length=10, choices=AttendanceSource.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("ghi nhận lúc"), auto_now_add=True)

    class Meta:
        ordering = ["meeting__date", "id"]
        verbose_name = _("cán bộ dự sinh hoạt")
        verbose_name_plural = _("cán bộ dự sinh hoạt")
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="meetings_attendance_unique")]

    def __str__(self):
        return "{} — {}".format(self.person, self.meeting)

    @property
    def report_due(self) -> datetime.date:
        """The report's due date, or the one a report started now would get."""
        report = getattr(self, "report", None)
        return report.due_date if report is not None else report_due_date(self.meeting.date)


class AttendanceRuleQuerySet(models.QuerySet):
    def overlapping(self, start: datetime.date, end: datetime.date):
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=end)).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=start)
        )


class AttendanceRule(NormalizedTextModel):
    """An attendance quota (quy định): holders of `titles` (and of none of `excluded_titles`) whose home unit
    lies in `unit` attend at least `minimum` cell meetings per `period`, where `activity` says, while the rule
    is in force. Sơn La, Quy định 1120-QĐ/TU: Standing Committee members at least 2 a year in the district
    they are in charge of."""

    scope_path_field = "unit__path"

    name = models.CharField(_("tên quy định"), max_length=limits.TITLE)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="attendance_rules",
        verbose_name=_("áp dụng trong"),
        help_text=_("địa bàn của cấp ủy ban hành: áp dụng cho cán bộ công tác trong địa bàn này"),
    )
    titles = models.ManyToManyField(PositionTitle, related_name="+", verbose_name=_("chức vụ áp dụng"))
    excluded_titles = models.ManyToManyField(
        PositionTitle,
        related_name="+",
        blank=True,
        verbose_name=_("trừ chức vụ"),
        help_text=_("không áp dụng cho người đang giữ một trong các chức vụ này (ví dụ Bí thư Huyện ủy)"),
    )
    activity = models.CharField(
        _("hoạt động được tính"), max_length=20, choices=Activity.choices, default=Activity.ASSIGNED
    )
    minimum = models.PositiveSmallIntegerField(_("số lần tối thiểu"))
    period = models.CharField(_("mỗi"), max_length=10, choices=Period.choices)
    document = models.CharField(_("văn bản"), max_length=limits.TITLE, help_text=_("số, ngày và cơ quan ban hành"))
    valid_from = models.DateField(_("áp dụng từ"))
    valid_until = models.DateField(_("áp dụng đến"), null=True, blank=True)

    objects = AttendanceRuleQuerySet.as_manager()

    class Meta:
        ordering = ["valid_from", "id"]
        verbose_name = _("quy định dự sinh hoạt")
        verbose_name_plural = _("quy định dự sinh hoạt")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="meetings_rule_interval",
            ),
            models.CheckConstraint(condition=Q(minimum__gte=1), name="meetings_rule_minimum"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("attendance_rule_list") + "#quy-dinh-{}".format(self.pk)


# The names a rule's history gives its fields ("mỗi", the period's own label, reads well only in a sentence).
RULE_FIELD_LABELS = {
    "name": _("tên quy định"),
    "unit": _("áp dụng trong"),
    "titles": _("chức vụ áp dụng"),
    "excluded_titles": _("trừ chức vụ"),
    "activity": _("hoạt động được tính"),
    "minimum": _("số lần tối thiểu"),
    "period": _("kỳ tính"),
    "document": _("văn bản"),
    "valid_from": _("áp dụng từ"),
    "valid_until": _("áp dụng đến"),
}


class AttendanceRuleEvent(Event):
    """Who set or changed an attendance rule, when, and what: `changes` holds each field concerned as
    [before, after] in the words a reader sees (names, labels, dd/mm/yyyy); a new rule's "before" is empty.
    Compliance is measured against the rules, so a changed minimum or period has to be traceable."""

    scope_path_field = "rule__unit__path"

    rule = models.ForeignKey(AttendanceRule, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("thao tác"), max_length=10, choices=RuleEventAction.choices)

    class Meta(Event.Meta):
        verbose_name = _("lịch sử quy định dự sinh hoạt")
        verbose_name_plural = _("lịch sử quy định dự sinh hoạt")

    def __str__(self):
        return "{} {}".format(self.get_action_display(), self.rule)

    def lines(self, labels: dict = RULE_FIELD_LABELS, *, created: bool | None = None) -> list[str]:
        """Each change as a reader sees it: "Số lần tối thiểu: 2 → 3" (a new rule: "Số lần tối thiểu: 2")."""
        if created is None:
            created = self.action == RuleEventAction.CREATED
        return super().lines(labels, created=created)


class QualityCriterion(NormalizedTextModel):
    """A criterion of cell-meeting quality (Hướng dẫn 12-HD/BTCTW), kept as data so a committee can adjust
    them; retired criteria stay on the reports that used them."""

    text = models.CharField(_("tiêu chí"), max_length=300)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    source = models.CharField(_("văn bản"), max_length=300, blank=True)
    active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("tiêu chí chất lượng sinh hoạt")
        verbose_name_plural = _("tiêu chí chất lượng sinh hoạt")

    def __str__(self):
        return self.text


class MeetingReport(NormalizedTextModel):
    """The report a cadre files after attending a cell meeting (báo cáo dự sinh hoạt chi bộ), one per
    attendance. A draft is saved as it is typed; once submitted it is locked until organization staff reopen
    it with a reason. Every change is a ReportEvent."""

    scope_path_field = "attendance__meeting__organization__unit__path"

    attendance = models.OneToOneField(
        Attendance, on_delete=models.PROTECT, related_name="report", verbose_name=_("lượt dự sinh hoạt")
    )
    status = models.CharField(_("tình trạng"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    due_date = models.DateField(_("hạn nộp"))
    members_total = models.PositiveIntegerField(_("tổng số đảng viên"), null=True, blank=True)
    members_present = models.PositiveIntegerField(_("số đảng viên dự"), null=True, blank=True)
    committee_met_before = models.BooleanField(_("chi ủy họp trước"), null=True, blank=True)
    content = models.TextField(
        _("nội dung sinh hoạt"),
        max_length=limits.REPORT,
        blank=True,
        help_text=_("các nội dung thường kỳ, chủ đề chuyên đề"),
    )
    criteria_met = models.ManyToManyField(
        QualityCriterion, related_name="+", blank=True, verbose_name=_("tiêu chí đạt")
    )
    overall = models.CharField(_("đánh giá chung"), max_length=10, choices=OverallQuality.choices, blank=True)
    assessment = models.TextField(_("nhận xét chất lượng"), max_length=limits.REPORT, blank=True)
    guidance = models.TextField(_("định hướng, góp ý tại buổi sinh hoạt"), max_length=limits.REPORT, blank=True)
    answers = models.TextField(_("giải đáp tại chỗ"), max_length=limits.REPORT, blank=True)
    proposals = models.TextField(_("đề xuất với cấp ủy"), max_length=limits.REPORT, blank=True)
    recommendations_text = models.TextField(
        _("kiến nghị của cơ sở"),
        max_length=limits.REPORT,
        blank=True,
        help_text=_("mỗi dòng một kiến nghị; khi nộp, mỗi dòng thành một kiến nghị"),
    )
    recommendations = models.ManyToManyField(
        "feedback.Recommendation", related_name="meeting_reports", blank=True, verbose_name=_("kiến nghị")
    )
    answers_conveyed = models.ManyToManyField(
        "feedback.Recommendation",
        related_name="conveyed_at_reports",
        blank=True,
        verbose_name=_("trả lời kiến nghị đã thông tin lại tại buổi sinh hoạt"),
    )
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    first_submitted_at = models.DateTimeField(
        _("nộp lần đầu lúc"), null=True, blank=True, help_text=_("đúng hạn hay trễ tính theo lần nộp đầu")
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("báo cáo dự sinh hoạt")
        verbose_name_plural = _("báo cáo dự sinh hoạt")

    def __str__(self):
        return "Báo cáo {}".format(self.attendance)

    def get_absolute_url(self):
        return reverse("meeting_report", kwargs={"pk": self.pk})

    @property
    def is_locked(self) -> bool:
        return self.status == ReportStatus.SUBMITTED


class ReportAttachment(models.Model):
    """A photo or scanned minutes attached to a report; served only through a scoped view."""

    scope_path_field = "report__attendance__meeting__organization__unit__path"

    report = models.ForeignKey(MeetingReport, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("tệp"), upload_to=GeneratedName("bao-cao"))
    name = models.CharField(_("tên tệp"), max_length=200)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")

    def __str__(self):
        return self.name


class ReportEvent(Event):
    """Who did what to a report, when, and why (reopening needs a reason)."""

    report = models.ForeignKey(MeetingReport, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("thao tác"), max_length=10, choices=ReportEventAction.choices)
    reason = models.CharField(_("lý do"), max_length=limits.NOTE, blank=True)

    class Meta(Event.Meta):
        verbose_name = _("lịch sử báo cáo")
        verbose_name_plural = _("lịch sử báo cáo")

    def __str__(self):
        return "{} {}".format(self.get_action_display(), self.at)


class CalendarFeed(models.Model):
    """A user's secret calendar address (iCalendar) that a phone subscribes to; revoking gives a new one."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("lịch đăng ký")
        verbose_name_plural = _("lịch đăng ký")

    def __str__(self):
        return "Lịch của {}".format(self.user)
