"""Recommendations raised by the grassroots (kiến nghị, đề xuất, phản ánh) and their whole life: the channel they came
in through, the topic, who raised them, the routing to the competent agency (or an answer on the spot, or the
Standing Committee), the deadline in working days, the answer and its way back to the grassroots, and the groups
that join the same problem raised by several units."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from diaban.core import limits
from diaban.core.history import Event
from diaban.core.models import NormalizedTextModel
from diaban.core.text import fold
from diaban.core.uploads import GeneratedName
from diaban.feedback import rules
from diaban.feedback.choices import (
    OPEN_STATUSES,
    AgencyKind,
    AuthorityLevel,
    EventAction,
    RaiserKind,
    RecommendationSource,
    RecommendationStatus,
)
from diaban.people.choices import Role
from diaban.people.models import Person
from diaban.people.permissions import role_of
from diaban.territory.models import Unit

__all__ = ["RecommendationSource"]  # kept importable from here: the reports of meetings and visits use it


class Topic(NormalizedTextModel):
    """A topic (lĩnh vực) with its deadline in working days and when an overdue one goes up on its own."""

    name = models.CharField(_("lĩnh vực"), max_length=200, unique=True)
    deadline_days = models.PositiveSmallIntegerField(
        _("thời hạn trả lời (ngày làm việc)"), default=15, help_text=_("tính từ ngày chuyển cơ quan")
    )
    escalate_after_days = models.PositiveSmallIntegerField(
        _("quá hạn bao nhiêu ngày làm việc thì trình Thường trực"), default=10
    )
    keywords = models.TextField(
        _("từ khóa"),
        max_length=limits.TEXT,
        blank=True,
        help_text=_("mỗi dòng một từ, cụm từ; dùng để gợi ý lĩnh vực khi nhập kiến nghị"),
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("lĩnh vực kiến nghị")
        verbose_name_plural = _("lĩnh vực kiến nghị")

    def __str__(self):
        return self.name


class Agency(NormalizedTextModel):
    """A body that resolves recommendations (sở, ngành, UBND…): the area it serves, the topics it answers (which
    make it the suggestion for them) and the accounts that work its queue."""

    scope_path_field = "unit__path"

    name = models.CharField(_("tên cơ quan"), max_length=200)
    kind = models.CharField(_("loại"), max_length=20, choices=AgencyKind.choices, default=AgencyKind.OTHER)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="agencies", verbose_name=_("địa bàn phụ trách")
    )
    topics = models.ManyToManyField(Topic, related_name="agencies", blank=True, verbose_name=_("lĩnh vực giải quyết"))
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="agencies", blank=True, verbose_name=_("tài khoản của cơ quan")
    )
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("cơ quan giải quyết")
        verbose_name_plural = _("cơ quan giải quyết")

    def __str__(self):
        return self.name


class RecommendationGroup(NormalizedTextModel):
    """Recommendations of several units about one problem, answered together (nhóm kiến nghị tương tự)."""

    scope_path_field = "unit__path"

    title = models.CharField(_("vấn đề chung"), max_length=limits.TITLE)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("địa bàn chung"),
        help_text=_("cấp nhỏ nhất chứa mọi kiến nghị của nhóm"),
    )  # fmt: skip
    answer = models.TextField(_("trả lời chung"), max_length=limits.TEXT, blank=True)
    answered_on = models.DateField(_("ngày trả lời"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("nhóm kiến nghị")
        verbose_name_plural = _("nhóm kiến nghị")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("recommendation_group", kwargs={"pk": self.pk})


class Recommendation(NormalizedTextModel):
    """A recommendation from a unit (kiến nghị), raised through one channel, routed, answered and told back."""

    scope_path_field = "unit__path"

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="recommendations", verbose_name=_("địa bàn"))
    text = models.TextField(_("nội dung kiến nghị"), max_length=limits.TEXT)
    source = models.CharField(_("nguồn"), max_length=20, choices=RecommendationSource.choices)
    raised_on = models.DateField(_("ngày nêu"))
    topic = models.ForeignKey(
        Topic, on_delete=models.PROTECT, null=True, blank=True, related_name="recommendations",
        verbose_name=_("lĩnh vực"),
    )  # fmt: skip
    raiser_kind = models.CharField(_("người nêu là"), max_length=10, choices=RaiserKind.choices, blank=True)
    raiser_name = models.CharField(
        _("tên người, tổ chức nêu"), max_length=200, blank=True, help_text=_("tên cá nhân chỉ người có trách nhiệm xem")
    )
    raiser_contact = models.CharField(
        _("địa chỉ, điện thoại"), max_length=300, blank=True, help_text=_("chỉ người có trách nhiệm xem")
    )
    carried_by = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recommendations",
        verbose_name=_("cán bộ tiếp nhận"),
    )
    status = models.CharField(
        _("tình trạng"), max_length=12, choices=RecommendationStatus.choices, default=RecommendationStatus.NEW
    )
    level = models.CharField(_("thẩm quyền"), max_length=10, choices=AuthorityLevel.choices, blank=True)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="recommendations",
        verbose_name=_("cơ quan giải quyết"),
    )  # fmt: skip
    forwarded_on = models.DateField(_("ngày chuyển"), null=True, blank=True)
    deadline = models.DateField(_("hạn trả lời"), null=True, blank=True)
    escalated_on = models.DateField(_("ngày trình Thường trực"), null=True, blank=True)
    answer = models.TextField(_("trả lời"), max_length=limits.TEXT, blank=True)
    answered_on = models.DateField(_("ngày trả lời"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("người trả lời"),
    )  # fmt: skip
    answered_by_name = models.CharField(_("trả lời của"), max_length=200, blank=True)
    conveyed_on = models.DateField(_("ngày thông tin lại cho cơ sở"), null=True, blank=True)
    conveyed_by = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thông tin lại"),
    )
    group = models.ForeignKey(
        RecommendationGroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="members",
        verbose_name=_("nhóm"),
    )  # fmt: skip
    search_key = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        ordering = ["-raised_on", "-id"]
        verbose_name = _("kiến nghị")
        verbose_name_plural = _("kiến nghị")
        indexes = [
            models.Index(fields=["status", "deadline"], name="feedback_rec_status_deadline"),
            models.Index(fields=["raised_on"], name="feedback_rec_raised_on"),
        ]

    def __str__(self):
        return self.text[:80]

    def get_absolute_url(self):
        return reverse("recommendation_detail", kwargs={"pk": self.pk})

    def save(self, *args, **kwargs):
        self.normalize_text()
        self.search_key = fold(self.text)
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, on) -> bool:
        """Past its deadline and not answered (DESIGN §4)."""
        return self.is_open and rules.is_overdue(self.deadline, on)

    @classmethod
    def narrow_scope(cls, queryset, user, action):
        """An agency's accounts see only their agency's queue, whatever units they may view (called by
        core.scoping.restrict)."""
        if role_of(user) != Role.AGENCY:
            return queryset
        return queryset.filter(Q(agency__members=user))


class RecommendationAttachment(models.Model):
    """A scanned letter or photo; served only through a view that finds the recommendation in scope first."""

    scope_path_field = "recommendation__unit__path"

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("tệp"), upload_to=GeneratedName("kien-nghi"))
    name = models.CharField(_("tên tệp"), max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")

    def __str__(self):
        return self.name


class RecommendationEvent(Event):
    """One step of a recommendation's life: who, when, what, the agency concerned and why. A step changes the
    status rather than fields, so it keeps the status after it instead of `changes`; `at` may be set (the demo
    replays past lives)."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("thao tác"), max_length=20, choices=EventAction.choices)
    at = models.DateTimeField(_("lúc"), default=timezone.now)
    changes = None
    status = models.CharField(_("tình trạng sau"), max_length=12, choices=RecommendationStatus.choices)
    agency = models.ForeignKey(Agency, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    comment = models.TextField(_("ghi chú"), max_length=limits.TEXT, blank=True)  # may hold an answer

    class Meta(Event.Meta):
        verbose_name = _("lịch sử kiến nghị")
        verbose_name_plural = _("lịch sử kiến nghị")

    def __str__(self):
        return "{} {}".format(self.get_action_display(), self.at)

    @classmethod
    def record(cls, *, recommendation, agency=None, **fields):
        """Write one step: the recommendation's status after it and the agency concerned (the recommendation's
        own unless told, e.g. the one that returned it)."""
        agency = agency if agency is not None else recommendation.agency
        return super().record(recommendation=recommendation, status=recommendation.status, agency=agency, **fields)
