"""User accounts (role and scope) and the people the system follows: cadres (cán bộ), their positions over
time and their committee memberships by term."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from diaban.core.models import NormalizedTextModel
from diaban.core.text import fold, person_collation_key
from diaban.people.choices import CommitteeRole, DepartureReason, Gender, GrantKind, Role
from diaban.territory.models import PartyOrganization, Unit, UnitLevel


class Account(NormalizedTextModel):
    """What the system knows of a user beyond Django's login: role, title and organization."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account")
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    title = models.CharField(_("chức danh"), max_length=200, blank=True)
    organization = models.CharField(_("cơ quan, đơn vị"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("tài khoản")
        verbose_name_plural = _("tài khoản")

    def __str__(self):
        return "{} ({})".format(self.user.get_full_name() or self.user.get_username(), self.get_role_display())


class ScopeGrant(models.Model):
    """One unit (and its subtree) an account may view or capture in."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="grants")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="scope_grants", verbose_name=_("địa bàn"))
    kind = models.CharField(_("quyền"), max_length=10, choices=GrantKind.choices)

    class Meta:
        verbose_name = _("phạm vi")
        verbose_name_plural = _("phạm vi")
        constraints = [models.UniqueConstraint(fields=["account", "unit", "kind"], name="people_grant_unique")]

    def __str__(self):
        return "{} — {} {}".format(self.account, self.get_kind_display(), self.unit)


# ---------------------------------------------------------------------------------------------------------
# Cadres


class PositionTitle(NormalizedTextModel):
    """A kind of position (chức vụ) and the level it is held at: "Ủy viên Ban Thường vụ Tỉnh ủy" (province),
    "Trưởng phòng" (district). The assignment policy is written against these levels."""

    name = models.CharField(_("chức vụ"), max_length=200)
    level = models.ForeignKey(UnitLevel, on_delete=models.PROTECT, related_name="+", verbose_name=_("cấp"))
    is_standing_committee = models.BooleanField(
        _("thuộc Ban Thường vụ"), default=False, help_text=_("Ủy viên Ban Thường vụ cấp ủy cùng cấp")
    )
    rank = models.PositiveSmallIntegerField(_("thứ tự"), default=100, help_text=_("nhỏ hơn = cao hơn"))

    class Meta:
        ordering = ["level__rank", "rank", "name"]
        verbose_name = _("chức vụ")
        verbose_name_plural = _("chức vụ")
        constraints = [models.UniqueConstraint(fields=["name", "level"], name="people_position_title_unique")]

    def __str__(self):
        return self.name


class PersonQuerySet(models.QuerySet):
    def active_on(self, date: datetime.date):
        """Not yet departed on `date`."""
        return self.filter(Q(departed_on__isnull=True) | Q(departed_on__gt=date))

    def search(self, text: str):
        key = fold(text)
        return self.filter(Q(search_key__contains=key) | Q(code__iexact=text.strip())) if key else self

    def by_name(self):
        """The Vietnamese order: given name, middle names, family name."""
        return self.order_by("sort_key", "id")


class Person(NormalizedTextModel):
    """A cadre (cán bộ) who may be assigned to follow units. Their home unit (the province, district or
    commune whose committee or agency they work for) decides who may see and manage them."""

    scope_path_field = "home_unit__path"

    code = models.CharField(
        _("mã cán bộ"), max_length=32, unique=True, help_text=_("mã do Ban Tổ chức cấp, dùng khi nhập từ Excel")
    )
    full_name = models.CharField(_("họ và tên"), max_length=200)
    gender = models.CharField(_("giới tính"), max_length=10, choices=Gender.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True, blank=True)
    home_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="people",
        verbose_name=_("thuộc cấp"),
        help_text=_("tỉnh, huyện hoặc xã nơi cán bộ công tác"),
    )
    agency = models.CharField(_("cơ quan công tác"), max_length=200, blank=True)
    department = models.ForeignKey(
        "Department",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("phòng, ban"),
        help_text=_("phòng hoặc ban nơi cán bộ làm việc; quyết định ai duyệt kế hoạch đi cơ sở"),
    )
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("tài khoản"),
    )
    departed_on = models.DateField(_("ngày thôi công tác"), null=True, blank=True)
    departure_reason = models.CharField(
        _("lý do thôi công tác"), max_length=20, choices=DepartureReason.choices, blank=True
    )
    departure_note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    search_key = models.CharField(max_length=200, editable=False, db_index=True)
    sort_key = models.CharField(max_length=250, editable=False, db_index=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["sort_key", "id"]
        verbose_name = _("cán bộ")
        verbose_name_plural = _("cán bộ")

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("person_detail", kwargs={"pk": self.pk})

    def save(self, *args, **kwargs):
        self.fill_keys()
        super().save(*args, **kwargs)

    def fill_keys(self):
        """Search and sort keys; bulk inserts call this themselves."""
        self.normalize_text()
        self.search_key = fold(self.full_name)
        self.sort_key = person_collation_key(self.full_name)


class PositionQuerySet(models.QuerySet):
    def held_on(self, date: datetime.date):
        return self.filter(start_date__lte=date).filter(Q(end_date__isnull=True) | Q(end_date__gte=date))


class Position(NormalizedTextModel):
    """A position a person held over a period (chức vụ), in an organization (Tỉnh ủy, Sở Nội vụ…)."""

    scope_path_field = "person__home_unit__path"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="positions", verbose_name=_("cán bộ"))
    title = models.ForeignKey(PositionTitle, on_delete=models.PROTECT, related_name="+", verbose_name=_("chức vụ"))
    organization = models.CharField(_("cơ quan, đơn vị"), max_length=200, blank=True)
    # Where the position is held when that is not the person's home unit: after the 2025 reform a district
    # cadre's new post on a commune's party committee, a commune cadre's post in the commune his old one merged
    # into. A person works under this unit while the position lasts (attendance rules, compliance).
    unit = models.ForeignKey(
        "territory.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("đơn vị công tác"),
        help_text=_("nơi giữ chức vụ, nếu khác đơn vị công tác của cán bộ"),
    )
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)

    objects = PositionQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "id"]
        verbose_name = _("chức vụ đảm nhiệm")
        verbose_name_plural = _("chức vụ đảm nhiệm")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="people_position_interval",
            )
        ]

    def __str__(self):
        return "{} {}".format(self.title, self.organization).strip()

    def is_held_on(self, date: datetime.date) -> bool:
        return self.start_date <= date and (self.end_date is None or self.end_date >= date)


class Term(models.Model):
    """A committee term (nhiệm kỳ), e.g. 2020–2025."""

    name = models.CharField(_("nhiệm kỳ"), max_length=20, unique=True)
    start_year = models.PositiveSmallIntegerField(_("từ năm"))
    end_year = models.PositiveSmallIntegerField(_("đến năm"))

    class Meta:
        ordering = ["start_year"]
        verbose_name = _("nhiệm kỳ")
        verbose_name_plural = _("nhiệm kỳ")

    def __str__(self):
        return self.name


class CommitteeMembership(models.Model):
    """A person's seat in a party committee (Ban Chấp hành) for one term."""

    scope_path_field = "person__home_unit__path"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("cán bộ"))
    committee = models.ForeignKey(
        PartyOrganization, on_delete=models.PROTECT, related_name="+", verbose_name=_("đảng bộ")
    )
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="+", verbose_name=_("nhiệm kỳ"))
    role = models.CharField(_("vị trí"), max_length=20, choices=CommitteeRole.choices, default=CommitteeRole.MEMBER)

    class Meta:
        ordering = ["term__start_year", "id"]
        verbose_name = _("cấp ủy viên")
        verbose_name_plural = _("cấp ủy viên")
        constraints = [
            models.UniqueConstraint(fields=["person", "committee", "term"], name="people_membership_unique"),
        ]

    def __str__(self):
        return "{}, {} {}".format(self.get_role_display(), self.committee, self.term)


class Notification(models.Model):
    """An in-app message to a user (thông báo). `key` names what it is about, so a reminder run twice sends
    nothing new."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    key = models.CharField(max_length=100)
    text = models.CharField(_("nội dung"), max_length=500)
    url = models.CharField(_("đường dẫn"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    emailed = models.BooleanField(_("đã gửi thư"), default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="people_notification_unique")]

    def __str__(self):
        return self.text


# ---------------------------------------------------------------------------------------------------------
# Departments, the leaders in charge of areas, leave


class Department(NormalizedTextModel):
    """A department (phòng) of a committee's agency, or the agency itself (ban): "Phòng Tổ chức cơ sở đảng -
    đảng viên" inside "Ban Tổ chức Tỉnh ủy". Its head approves the visit plans of its members first."""

    scope_path_field = "unit__path"

    name = models.CharField(_("tên phòng, ban"), max_length=200)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("thuộc"),
        help_text=_("để trống nếu là cơ quan (ban)"),
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="departments",
        verbose_name=_("cấp"),
        help_text=_("tỉnh, huyện, xã"),
    )
    head = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="headed_departments",
        verbose_name=_("trưởng phòng, trưởng ban"),
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("phòng, ban")
        verbose_name_plural = _("phòng, ban")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        # The department's page is its field time (its members, their days at the grassroots, its rule).
        return reverse("field_time_detail", kwargs={"pk": self.pk})

    def agency(self) -> "Department":
        """The top of this department's chain: the agency (ban) it belongs to."""
        node = self
        seen = {node.pk}
        while node.parent_id and node.parent_id not in seen:
            node = node.parent
            seen.add(node.pk)
        return node


class LeaderInChargeQuerySet(models.QuerySet):
    def active_on(self, date: datetime.date):
        return self.filter(start_date__lte=date).filter(Q(end_date__isnull=True) | Q(end_date__gte=date))


class LeaderInCharge(models.Model):
    """A leader of an agency in charge of an area (lãnh đạo Ban phụ trách địa bàn): they approve, second, the
    visit plans of the agency's staff to units in that area."""

    scope_path_field = "unit__path"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="areas_led", verbose_name=_("lãnh đạo"))
    agency = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="leaders_in_charge", verbose_name=_("cơ quan")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="leaders_in_charge", verbose_name=_("địa bàn")
    )
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)

    objects = LeaderInChargeQuerySet.as_manager()

    class Meta:
        ordering = ["unit__path", "start_date", "id"]
        verbose_name = _("lãnh đạo phụ trách địa bàn")
        verbose_name_plural = _("lãnh đạo phụ trách địa bàn")

    def __str__(self):
        return "{} phụ trách {}".format(self.person, self.unit)


class LeaveKind(models.TextChoices):
    ANNUAL = "annual", _("nghỉ phép năm")
    SICK = "sick", _("nghỉ ốm")
    STUDY = "study", _("đi học")
    OTHER = "other", _("nghỉ khác")


class Leave(NormalizedTextModel):
    """Days a cadre was away (nghỉ phép, ốm, đi học): not working days when field time is measured."""

    scope_path_field = "person__home_unit__path"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="leaves", verbose_name=_("cán bộ"))
    kind = models.CharField(_("loại"), max_length=10, choices=LeaveKind.choices, default=LeaveKind.ANNUAL)
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"))
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    class Meta:
        ordering = ["-start_date", "id"]
        verbose_name = _("ngày nghỉ")
        verbose_name_plural = _("ngày nghỉ")
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="people_leave_interval")
        ]

    def __str__(self):
        return "{} {}–{}".format(self.get_kind_display(), self.start_date, self.end_date)
