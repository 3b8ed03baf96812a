"""Visit plans (kế hoạch đi cơ sở), their two-step approval and history, and trip reports (báo cáo kết quả
đi cơ sở) with findings per agenda item, guidance, recommendations and follow-ups.

Who approves is derived, never typed: the head of the owner's department first, then the leader of the
owner's agency in charge of the area the plan visits (`visits.selectors.approvers_for`). A plan is seen by
those whose scope covers the owner's home unit, and always by its owner, companions and approvers.
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
from diaban.people.models import Department, Person
from diaban.territory.models import Unit
from diaban.visits.choices import AgendaKind, PlanAction, PlanStatus, TripReportStatus


class VisitPlan(NormalizedTextModel):
    """One trip to the grassroots: who goes, when, where, to do what, and who approved it."""

    scope_path_field = "owner__home_unit__path"

    title = models.CharField(_("tên đợt đi cơ sở"), max_length=limits.TITLE)
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="visit_plans", verbose_name=_("chủ trì"))
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visit_plans",
        verbose_name=_("phòng, ban"),
    )
    companions = models.ManyToManyField(
        Person, related_name="visit_companionships", blank=True, verbose_name=_("cùng đi")
    )
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"))
    units = models.ManyToManyField(Unit, through="VisitTarget", related_name="visit_plans", verbose_name=_("địa bàn"))
    counterparts = models.TextField(
        _("làm việc với"), max_length=limits.TEXT, blank=True, help_text=_("mỗi dòng một tổ chức hoặc người cần gặp")
    )
    documents_studied = models.TextField(
        _("tài liệu nghiên cứu trước"),
        max_length=limits.TEXT,
        blank=True,
        help_text=_("mỗi dòng một văn bản, tài liệu"),
    )
    status = models.CharField(_("tình trạng"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    department_approver = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("trưởng phòng duyệt"),
    )
    leader_approver = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lãnh đạo phụ trách duyệt"),
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_plans",
        verbose_name=_("đã gộp vào"),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("lập lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("kế hoạch đi cơ sở")
        verbose_name_plural = _("kế hoạch đi cơ sở")
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="visits_plan_interval")
        ]
        indexes = [models.Index(fields=["status", "start_date"], name="visits_plan_status_start")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("visit_plan_detail", kwargs={"pk": self.pk})

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1

    def participant_ids(self) -> set[int]:
        """The people who go: the owner and the companions (uses a prefetch of companions when present)."""
        return {self.owner_id} | {p.pk for p in self.companions.all()}


class VisitTarget(models.Model):
    """A unit a plan visits (địa bàn đến)."""

    scope_path_field = "unit__path"

    plan = models.ForeignKey(VisitPlan, on_delete=models.CASCADE, related_name="targets")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="visit_targets", verbose_name=_("địa bàn"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("địa bàn đến")
        verbose_name_plural = _("địa bàn đến")
        constraints = [models.UniqueConstraint(fields=["plan", "unit"], name="visits_target_unique")]

    def __str__(self):
        return str(self.unit)


class AgendaItem(NormalizedTextModel):
    """One thing to do on the trip (nội dung): its kind, the text, whether it is the main one (nội dung trọng
    tâm) and whose it is (after a merge, each owner keeps their items)."""

    plan = models.ForeignKey(VisitPlan, on_delete=models.CASCADE, related_name="agenda")
    kind = models.CharField(_("loại nội dung"), max_length=10, choices=AgendaKind.choices)
    text = models.TextField(_("nội dung"), max_length=limits.TEXT)
    is_main = models.BooleanField(_("nội dung trọng tâm"), default=False)
    proposed_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", null=True, blank=True, verbose_name=_("người đề xuất")
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-is_main", "order", "id"]
        verbose_name = _("nội dung làm việc")
        verbose_name_plural = _("nội dung làm việc")

    def __str__(self):
        return "{}: {}".format(self.get_kind_display(), self.text[:60])


class PlanEvent(Event):
    """Who did what to a plan or its trip report, when, and the comment (returns and reopenings need one)."""

    plan = models.ForeignKey(VisitPlan, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("thao tác"), max_length=12, choices=PlanAction.choices)
    comment = models.CharField(_("ý kiến"), max_length=limits.NOTE, blank=True)

    class Meta(Event.Meta):
        verbose_name = _("lịch sử kế hoạch")
        verbose_name_plural = _("lịch sử kế hoạch")

    def __str__(self):
        return "{} {}".format(self.get_action_display(), self.at)


class TripReport(NormalizedTextModel):
    """The report after the trip (báo cáo kết quả đi cơ sở): actual dates, a summary and one part per unit
    visited. Saved as typed; locked when submitted; reopened by organization staff with a reason."""

    scope_path_field = "plan__owner__home_unit__path"

    plan = models.OneToOneField(VisitPlan, on_delete=models.PROTECT, related_name="report")
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=TripReportStatus.choices, default=TripReportStatus.DRAFT
    )
    start_date = models.DateField(_("đi từ ngày"))
    end_date = models.DateField(_("đến ngày"))
    summary = models.TextField(_("đánh giá chung"), max_length=limits.REPORT, blank=True)
    guidance_conveyed = models.TextField(
        _("định hướng, thông tin đã truyền đạt"),
        max_length=limits.REPORT,
        blank=True,
        help_text=_("những điểm định hướng của cấp ủy đã nói"),
    )
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    first_submitted_at = models.DateTimeField(_("nộp lần đầu lúc"), null=True, blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("báo cáo chuyến đi cơ sở")
        verbose_name_plural = _("báo cáo chuyến đi cơ sở")
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="visits_report_interval")
        ]

    def __str__(self):
        return "Báo cáo {}".format(self.plan)

    def get_absolute_url(self):
        return reverse("trip_report", kwargs={"pk": self.pk})

    @property
    def is_locked(self) -> bool:
        return self.status == TripReportStatus.SUBMITTED


class UnitVisitReport(NormalizedTextModel):
    """What was found and done in one unit of the trip."""

    scope_path_field = "unit__path"

    report = models.ForeignKey(TripReport, on_delete=models.CASCADE, related_name="units")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("địa bàn"))
    situation = models.TextField(_("tình hình chung"), max_length=limits.REPORT, blank=True)
    guidance_given = models.TextField(_("định hướng, góp ý đã đưa ra"), max_length=limits.REPORT, blank=True)
    recommendations_text = models.TextField(
        _("kiến nghị của cơ sở"),
        max_length=limits.REPORT,
        blank=True,
        help_text=_("mỗi dòng một kiến nghị; khi nộp, mỗi dòng thành một kiến nghị"),
    )
    recommendations = models.ManyToManyField(
        "feedback.Recommendation", related_name="trip_reports", blank=True, verbose_name=_("kiến nghị")
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("kết quả tại địa bàn")
        verbose_name_plural = _("kết quả tại địa bàn")
        constraints = [models.UniqueConstraint(fields=["report", "unit"], name="visits_unit_report_unique")]

    def __str__(self):
        return str(self.unit)


class Finding(NormalizedTextModel):
    """What was found on one agenda item in one unit (kết quả theo từng nội dung)."""

    unit_report = models.ForeignKey(UnitVisitReport, on_delete=models.CASCADE, related_name="findings")
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="findings")
    text = models.TextField(_("kết quả"), max_length=limits.TEXT, blank=True)

    class Meta:
        ordering = ["agenda_item__order", "id"]
        verbose_name = _("kết quả theo nội dung")
        verbose_name_plural = _("kết quả theo nội dung")
        constraints = [models.UniqueConstraint(fields=["unit_report", "agenda_item"], name="visits_finding_unique")]


class FollowUp(NormalizedTextModel):
    """Something to do after the trip, by a date (việc cần theo dõi tiếp)."""

    unit_report = models.ForeignKey(UnitVisitReport, on_delete=models.CASCADE, related_name="follow_ups")
    text = models.CharField(_("việc cần làm tiếp"), max_length=500)
    due_date = models.DateField(_("hạn"))
    done_on = models.DateField(_("xong ngày"), null=True, blank=True)

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("việc theo dõi tiếp")
        verbose_name_plural = _("việc theo dõi tiếp")

    def __str__(self):
        return self.text


class FieldTimeRuleQuerySet(models.QuerySet):
    def in_force_on(self, date: datetime.date):
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=date)).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=date)
        )


class FieldTimeRule(NormalizedTextModel):
    """The share of working time a department's cadres should spend at the grassroots ("dành 1/3 thời gian
    đi cơ sở"), with the document it comes from."""

    scope_path_field = "department__unit__path"

    name = models.CharField(_("tên quy định"), max_length=300)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="field_time_rules",
        verbose_name=_("áp dụng cho"),
        help_text=_("cơ quan hoặc phòng; áp dụng cả cho các phòng trực thuộc"),
    )
    share_numerator = models.PositiveSmallIntegerField(_("tử số"), default=1)
    share_denominator = models.PositiveSmallIntegerField(_("mẫu số"), default=3)
    source = models.CharField(_("văn bản"), max_length=300)
    valid_from = models.DateField(_("áp dụng từ"), null=True, blank=True)
    valid_until = models.DateField(_("áp dụng đến"), null=True, blank=True)

    objects = FieldTimeRuleQuerySet.as_manager()

    class Meta:
        ordering = ["valid_from", "id"]
        verbose_name = _("quy định thời gian đi cơ sở")
        verbose_name_plural = _("quy định thời gian đi cơ sở")
        constraints = [
            models.CheckConstraint(
                condition=Q(share_denominator__gte=1) & Q(share_numerator__lte=models.F("share_denominator")),
                name="visits_field_rule_share",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def share(self) -> float:
        return self.share_numerator / self.share_denominator
