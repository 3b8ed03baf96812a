"""Assignments (phân công) of people to units, the policy that says who may follow what, and their history.

An assignment is never edited into another: rotation ends one and starts the next, a departure ends them
all, a reorganization moves them to the successor units by ending and starting. Every change is an
`AssignmentEvent` with who, when and what.
"""

import datetime

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from diaban.assignments.choices import EndReason, EventAction, Purpose
from diaban.core import limits
from diaban.core.history import Event
from diaban.core.models import NormalizedTextModel
from diaban.people.models import Person
from diaban.territory.models import PartyOrganization, Unit, UnitLevel


class AssignmentRuleQuerySet(models.QuerySet):
    def in_force_on(self, date: datetime.date):
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=date)).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=date)
        )


class AssignmentRule(NormalizedTextModel):
    """One line of the assignment policy: holders of a position at `position_level` may follow units of
    `target_level` while the rule is in force ("Tỉnh nắm tới xã": province cadres follow communes)."""

    name = models.CharField(_("tên quy tắc"), max_length=200)
    position_level = models.ForeignKey(
        UnitLevel, on_delete=models.PROTECT, related_name="+", verbose_name=_("cấp của chức vụ")
    )
    standing_committee_only = models.BooleanField(
        _("chỉ Ủy viên Ban Thường vụ"), default=False, help_text=_("quy tắc chỉ áp dụng cho Ủy viên Ban Thường vụ")
    )
    target_level = models.ForeignKey(
        UnitLevel, on_delete=models.PROTECT, related_name="+", verbose_name=_("cấp địa bàn được theo dõi")
    )
    valid_from = models.DateField(_("áp dụng từ"), null=True, blank=True)
    valid_until = models.DateField(_("áp dụng đến"), null=True, blank=True)
    source = models.CharField(_("văn bản"), max_length=300, blank=True)

    objects = AssignmentRuleQuerySet.as_manager()

    class Meta:
        ordering = ["valid_from", "position_level__rank", "-standing_committee_only", "target_level__rank"]
        verbose_name = _("quy tắc phân công")
        verbose_name_plural = _("quy tắc phân công")

    def __str__(self):
        return self.name

    def is_in_force_on(self, date: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= date) and (
            self.valid_until is None or self.valid_until >= date
        )


class AssignmentQuerySet(models.QuerySet):
    def active_on(self, date: datetime.date):
        return self.filter(start_date__lte=date).filter(Q(end_date__isnull=True) | Q(end_date__gte=date))


class Assignment(NormalizedTextModel):
    """A person following a unit (or a cell in it) from `start_date` to `end_date` (inclusive; open if empty)."""

    scope_path_field = "unit__path"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("cán bộ"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("địa bàn"))
    organization = models.ForeignKey(
        PartyOrganization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("chi bộ"),
        help_text=_("để trống nếu phân công theo dõi cả địa bàn"),
    )
    purpose = models.CharField(_("nhiệm vụ"), max_length=10, choices=Purpose.choices, default=Purpose.FOLLOW)
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)
    end_reason = models.CharField(_("lý do kết thúc"), max_length=20, choices=EndReason.choices, blank=True)
    decision_number = models.CharField(_("số quyết định"), max_length=100, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_signer = models.CharField(_("người ký"), max_length=200, blank=True)
    note = models.CharField(_("ghi chú"), max_length=limits.NOTE, blank=True)
    rule = models.ForeignKey(
        AssignmentRule,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("theo quy tắc"),
    )
    override_reason = models.CharField(
        _("lý do phân công ngoài quy định"),
        max_length=limits.NOTE,
        blank=True,
        help_text=_("bắt buộc khi không theo quy tắc"),
    )
    previous = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next",
        verbose_name=_("tiếp nối phân công"),
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "id"]
        verbose_name = _("phân công")
        verbose_name_plural = _("phân công")
        indexes = [
            models.Index(fields=["unit", "start_date", "end_date"], name="assignments_unit_dates"),
            models.Index(fields=["person", "start_date", "end_date"], name="assignments_person_dates"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="assignments_interval",
            )
        ]

    def __str__(self):
        return "{} → {}".format(self.person, self.unit)

    def get_absolute_url(self):
        return reverse("assignment_detail", kwargs={"pk": self.pk})

    @property
    def name(self):
        """Listings are searched by this text (the person and the unit)."""
        return str(self)

    def is_active_on(self, date: datetime.date) -> bool:
        return self.start_date <= date and (self.end_date is None or self.end_date >= date)


class AssignmentEvent(Event):
    """One change to an assignment: who, when, what (the fields before and after; a new assignment's
    `changes` is {"after": the whole assignment})."""

    scope_path_field = "assignment__unit__path"

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("thao tác"), max_length=20, choices=EventAction.choices)
    reason = models.CharField(_("lý do"), max_length=limits.NOTE, blank=True)

    class Meta(Event.Meta):
        verbose_name = _("lịch sử phân công")
        verbose_name_plural = _("lịch sử phân công")

    def __str__(self):
        return "{} {}".format(self.get_action_display(), self.assignment)
