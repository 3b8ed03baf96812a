"""Units (địa bàn) and party organizations (tổ chức đảng).

A unit row is a unit as it stood in one place of the tree over one validity interval. Reorganizations
never edit a unit into another: they close it (`valid_until`) and record `Succession` links to the units
that took its place, so the tree as of any date is a filter, and what was recorded against an old unit
stays with it.
"""

import datetime

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from diaban.core.history import Event
from diaban.core.models import NormalizedTextModel, TreeNode, subtree_q
from diaban.core.text import fold
from diaban.territory.choices import CellKind, OrganizationKind, SuccessionKind


class UnitLevel(NormalizedTextModel):
    """A level of the administrative tree (cấp): province, district, commune, hamlet, group, household.

    Levels are data: the two-tier structure after 1/7/2025 simply has no unit at the district level.
    """

    key = models.SlugField(_("mã cấp"), unique=True)
    name = models.CharField(_("tên cấp"), max_length=100)
    name_plural = models.CharField(_("tên số nhiều"), max_length=100)
    rank = models.PositiveSmallIntegerField(_("thứ bậc"), unique=True, help_text=_("1 = cao nhất"))
    code_digits = models.PositiveSmallIntegerField(
        _("số chữ số mã GSO"), null=True, blank=True, help_text=_("để trống nếu cấp này không có mã thống kê")
    )

    class Meta:
        ordering = ["rank"]
        verbose_name = _("cấp địa bàn")
        verbose_name_plural = _("cấp địa bàn")

    def __str__(self):
        return self.name

    def format_code(self, raw) -> str:
        """GSO writes codes zero-padded to the level's width: 83, 836, 28756."""
        text = str(raw).strip()
        if self.code_digits and text.isdigit():
            return text.zfill(self.code_digits)
        return text


class UnitQuerySet(models.QuerySet):
    def valid_on(self, date: datetime.date):
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=date)).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=date)
        )

    def within(self, unit, include_self: bool = True):
        """The subtree of `unit`: one indexed prefix match."""
        qs = self.filter(subtree_q("path", unit.path))
        return qs if include_self else qs.exclude(pk=unit.pk)

    def search(self, text: str):
        key = fold(text)
        return self.filter(search_key__contains=key) if key else self


class Unit(TreeNode):
    """A unit (địa bàn): province, district, commune/ward/town, hamlet/quarter, residents' group, household."""

    scope_path_field = "path"

    level = models.ForeignKey(UnitLevel, on_delete=models.PROTECT, related_name="units", verbose_name=_("cấp"))
    kind = models.CharField(_("loại"), max_length=50, help_text=_("Tỉnh, Thành phố, Huyện, Xã, Phường, Ấp…"))
    name = models.CharField(_("tên"), max_length=200)
    code = models.CharField(_("mã"), max_length=32, blank=True, db_index=True, help_text=_("mã GSO nếu có"))
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_until = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    is_remote = models.BooleanField(_("vùng sâu, vùng xa"), default=False)
    source = models.CharField(_("nguồn dữ liệu"), max_length=100, blank=True)
    search_key = models.CharField(max_length=200, editable=False, db_index=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("địa bàn")
        verbose_name_plural = _("địa bàn")
        indexes = [
            # Prefix matches on PostgreSQL use this index whatever the database collation.
            models.Index(fields=["path"], name="territory_unit_path_like", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["level", "code"], name="territory_unit_level_code"),
        ]
        constraints = [
            # A code names one unit on a given date (the 2025 reform reused codes); names need not be
            # unique: the official list has two "Xã Đông Khê" in Thành phố Thanh Hóa.
            models.UniqueConstraint(
                fields=["level", "code", "valid_from"],
                condition=~Q(code=""),
                name="territory_unit_code_unique",
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_from__lte=models.F("valid_until")),
                name="territory_unit_valid_interval",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("unit_detail", kwargs={"pk": self.pk})

    def save(self, *args, **kwargs):
        self.normalize_text()
        self.search_key = fold(self.name)
        super().save(*args, **kwargs)

    def is_valid_on(self, date: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= date) and (
            self.valid_until is None or self.valid_until >= date
        )

    def clamp_date(self, date: datetime.date) -> datetime.date:
        """The date to show this unit's children on: `date`, moved inside the unit's own validity."""
        if self.valid_until and date > self.valid_until:
            return self.valid_until
        if self.valid_from and date < self.valid_from:
            return self.valid_from
        return date


class Succession(models.Model):
    """A unit taking (part of) another's place on a date: merge, split, re-parent, continuation."""

    predecessor = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="successions_out")
    successor = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="successions_in")
    kind = models.CharField(_("hình thức"), max_length=20, choices=SuccessionKind.choices)
    date = models.DateField(_("ngày hiệu lực"))
    decision = models.CharField(_("văn bản"), max_length=200, blank=True)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("kế thừa địa bàn")
        verbose_name_plural = _("kế thừa địa bàn")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="territory_succession_unique"),
        ]

    def __str__(self):
        return "{} → {}".format(self.predecessor, self.successor)


class OrganizationQuerySet(models.QuerySet):
    def valid_on(self, date: datetime.date):
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=date)).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=date)
        )


class PartyOrganization(TreeNode):
    """A party organization (tổ chức đảng): provincial committee → district → grassroots → cell (chi bộ).

    Like units, organizations live over an interval: on a reorganization the old one ends and a new one, placed
    in the new tree, `continues` it (a cell carried to its hamlet's new commune), so its meetings stay where they
    were held.
    """

    scope_path_field = "unit__path"

    kind = models.CharField(_("cấp tổ chức"), max_length=20, choices=OrganizationKind.choices)
    cell_kind = models.CharField(_("loại hình"), max_length=20, choices=CellKind.choices, default=CellKind.RESIDENTIAL)
    name = models.CharField(_("tên"), max_length=200)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="party_organizations", verbose_name=_("địa bàn")
    )
    member_count = models.PositiveIntegerField(_("số đảng viên"), default=0)
    meeting_day = models.PositiveSmallIntegerField(
        _("ngày sinh hoạt hằng tháng"), null=True, blank=True, help_text=_("ví dụ 5 = ngày 5 hằng tháng")
    )
    search_key = models.CharField(max_length=200, editable=False, db_index=True)
    valid_from = models.DateField(_("hoạt động từ"), null=True, blank=True)
    valid_until = models.DateField(_("hoạt động đến"), null=True, blank=True)
    continues = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="continued_by",
        verbose_name=_("tiếp nối tổ chức"),
    )

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("tổ chức đảng")
        verbose_name_plural = _("tổ chức đảng")
        indexes = [
            models.Index(fields=["path"], name="territory_org_path_like", opclasses=["varchar_pattern_ops"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(meeting_day__isnull=True) | Q(meeting_day__gte=1, meeting_day__lte=31),
                name="territory_org_meeting_day_range",
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_from__lte=models.F("valid_until")),
                name="territory_org_valid_interval",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organization_detail", kwargs={"pk": self.pk})

    def is_valid_on(self, date: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= date) and (
            self.valid_until is None or self.valid_until >= date
        )

    def save(self, *args, **kwargs):
        self.normalize_text()
        self.search_key = fold(self.name)
        super().save(*args, **kwargs)


class ReorganizationEvent(Event):
    """One step of carrying the grassroots through a reorganization: who, when, and what it did."""

    class Action(models.TextChoices):
        UNITS = "units", _("chuyển ấp, tổ sang xã mới")
        ORGANIZATIONS = "organizations", _("chuyển tổ chức đảng")
        ASSIGNMENTS = "assignments", _("chuyển phân công")
        SCOPES = "scopes", _("xác nhận phạm vi người dùng")

    action = models.CharField(_("bước"), max_length=20, choices=Action.choices)
    province = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("tỉnh"))
    date = models.DateField(_("ngày hiệu lực"))

    class Meta(Event.Meta):
        verbose_name = _("bước sắp xếp")
        verbose_name_plural = _("các bước sắp xếp")
